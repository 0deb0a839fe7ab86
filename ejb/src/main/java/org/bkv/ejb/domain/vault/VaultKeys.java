package org.bkv.ejb.domain.vault;

import java.util.Optional;
import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.KE1;
import org.bkv.opaque.KE3;
import org.bkv.opaque.RegistrationRequest;

/**
 * The vault's cryptography, every secret behind the HSM: identifier MACs, the OPAQUE server of both suites, and
 * sealing bound to record ids and versions. Implemented in {@code infrastructure.hsm}; HSM failures pass through
 * as the unchecked {@link org.bkv.hsm.HsmException} family (unavailable → 503).
 */
public interface VaultKeys {

    /** HMAC of the identifier under {@code bkv-id-mac}. */
    RecordId recordId(Identifier identifier);

    /** Creates the per-record OPRF key and the registration response; the pending state sealed to this registration. */
    RegistrationStart startRegistration(Identifier identifier, RecordId recordId, String registrationId,
                                        RegistrationRequest request) throws OpaqueException;

    /** Opens a pending registration and rebinds its OPRF key to the record (id, version). */
    RegistrationKeys finishRegistration(PendingRegistration pending, long version);

    byte[] sealRecord(RecordId id, long version, byte[] registrationRecord);

    byte[] sealBackupKey(RecordId id, long version, byte[] sealedBackupKey);

    byte[] openBackupKey(RecordId id, long version, byte[] sealed);

    /**
     * KE2 for a record that serves logins in the KE1's suite, or — when {@code record} is empty — a fake KE2 for
     * this identifier (RFC 9807 fake record derived from the identifier under {@code bkv-id-mac}): same size, same
     * HSM calls. The returned state is sealed to (loginId, recordId, version).
     */
    LoginStart startLogin(Identifier identifier, RecordId recordId, KE1 ke1, Optional<VaultRecord> record,
                          String loginId, long version) throws OpaqueException;

    /** Whether KE3 matches the login's sealed state; always false for a fake login. */
    boolean finishLogin(LoginSession login, KE3 ke3);

    /**
     * Column values for a decoy row of the decoy's suite, made as a record's are (P-256: an OPRF key generated in the
     * HSM and wrapped; ristretto255: a scalar sealed by the KEK; a random registration record and a client-sealed
     * backup key of the SDK's size, sealed by the KEK), so the row has a record's sizes. Nothing ever opens them.
     */
    DecoyMaterial decoyMaterial(DecoyId decoy);

    /** Result of {@link #startRegistration}. */
    record RegistrationStart(byte[] registrationResponse, byte[] sealedState, Optional<byte[]> wrappedOprfKey,
                             byte[] oprfPublicKey) {
    }

    /** Result of {@link #finishRegistration}: the identifier and the OPRF key as the record stores it. */
    record RegistrationKeys(Identifier identifier, byte[] recordOprfKey) {
    }

    /** Result of {@link #startLogin}. */
    record LoginStart(byte[] ke2, byte[] sealedState) {
    }

    /** Result of {@link #decoyMaterial}: what a decoy row stores in a record's key material columns. */
    record DecoyMaterial(byte[] wrappedOprfKey, byte[] oprfPublicKey, byte[] sealedRecord, byte[] sealedBackupKey) {
    }
}
