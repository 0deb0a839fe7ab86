package org.bkv.ejb.infrastructure.hsm;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bkv.ejb.domain.vault.DecoyId;
import org.bkv.ejb.domain.vault.Identifier;
import org.bkv.ejb.domain.vault.InvalidRequestException;
import org.bkv.ejb.domain.vault.LoginSession;
import org.bkv.ejb.domain.vault.PendingRegistration;
import org.bkv.ejb.domain.vault.RecordId;
import org.bkv.ejb.domain.vault.VaultKeys;
import org.bkv.ejb.domain.vault.VaultRecord;
import org.bkv.hsm.Hsm;
import org.bkv.hsm.Kek;
import org.bkv.hsm.WrappedOprfKey;
import org.bkv.hsm.opaque.HsmOpaqueServer;
import org.bkv.hsm.opaque.HsmOprfKey;
import org.bkv.opaque.KE1;
import org.bkv.opaque.KE3;
import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.ProtocolOptions;
import org.bkv.opaque.RegistrationRecord;
import org.bkv.opaque.RegistrationRequest;
import org.bkv.opaque.RegistrationResponse;
import org.bkv.opaque.ServerLogin;
import org.bkv.opaque.ServerRegistration;
import org.bkv.opaque.Suite;
import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.server.OprfKey;
import org.bkv.opaque.server.ServerStaticKey;
import org.bkv.opaque.server.SoftwareOprfKey;
import org.bkv.opaque.server.SoftwareServerStaticKey;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The vault's OPAQUE server on the HSM. P256-SHA256: per-record OPRF keys generated in the HSM and stored wrapped,
 * the 3DH key {@code bkv-ake-p256} in the token. ristretto255-SHA512 (PKCS#11 has none): per-record OPRF scalars
 * sealed by the KEK (AAD = record id ‖ version) and opened only for one evaluation; the 3DH key generated once,
 * sealed by the KEK in {@code server_key}, held in memory (DESIGN §2 documents what root can read).
 *
 * <p>Fake records (unknown identifier, other suite, hidden lockout) follow RFC 9807 §6.3.2.2 with material derived
 * from {@code bkv-id-mac}(label ‖ suite ‖ identifier); every login derives it and both paths make the same calls.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class HsmVaultKeys implements VaultKeys {

    private static final Logger LOG = Logger.getLogger(HsmVaultKeys.class.getName());
    static final String RISTRETTO_AKE_KEY = "ake-ristretto255";
    private static final byte[] RECORD_ID_LABEL = Aad.of("BKV record id v1");
    private static final byte[] FAKE_LABEL = Aad.of("BKV fake record v1");
    private static final byte[] FAKE_OPRF_INFO = Aad.ascii("BKV fake OPRF key");
    private static final byte[] FAKE_CLIENT_INFO = Aad.ascii("BKV fake client key");
    private static final byte[] FAKE_MASKING_INFO = Aad.ascii("BKV fake masking key");
    /** Decoys are sealed under an AAD shaped like a record's and built on every use, as a record's is. */
    private static final RecordId DECOY_ID = RecordId.of(new byte[32]);
    private static final byte FORMAT = 1;
    /** The SDK's client-sealed backup key (client BackupKeySeal.SEALED_LENGTH: nonce, 32-byte key, tag): decoy rows store one of this size. */
    static final int SDK_SEALED_BACKUP_KEY_BYTES = 12 + 32 + 16;

    @EJB
    private HsmBinding binding;

    @EJB
    private ServerKeyStore store;

    private final SecureRandom random = new SecureRandom();
    private volatile ServerKeys keys;
    private volatile ProtocolOptions options;

    /** Server keys and decoys for one open HSM (rebuilt if the binding reopens the token). */
    private record ServerKeys(Hsm hsm, HsmOpaqueServer p256, SoftwareServerStaticKey ristretto,
                              WrappedOprfKey p256DecoyKey, byte[] ristrettoDecoyKey, Map<Suite, byte[]> decoyRecords) {
    }

    @Override
    public RecordId recordId(Identifier identifier) {
        return RecordId.of(binding.hsm().idMac().mac(concat(RECORD_ID_LABEL, identifier.utf8())));
    }

    @Override
    public RegistrationStart startRegistration(Identifier identifier, RecordId recordId, String registrationId,
                                               RegistrationRequest request) throws OpaqueException {
        ServerKeys k = keys();
        Kek kek = k.hsm().kek();
        byte[] aad = Aad.of(Aad.REGISTRATION, Aad.ascii(registrationId), Aad.id(recordId));
        if (request.suite() == Suite.P256_SHA256) {
            HsmOprfKey key = k.p256().newOprfKey();
            RegistrationResponse response = ServerRegistration.start(request, key, k.p256().serverStaticKey());
            byte[] state = pendingState(identifier, new byte[0]);
            return new RegistrationStart(response.serialize(), kek.seal(state, aad),
                    Optional.of(key.wrappedKey().wrapped()), key.wrappedKey().publicKey());
        }
        SoftwareOprfKey key = SoftwareOprfKey.generate(request.suite(), random);
        byte[] scalar = null;
        byte[] state = null;
        try {
            RegistrationResponse response = ServerRegistration.start(request, key, k.ristretto());
            scalar = key.exportScalar();
            state = pendingState(identifier, scalar);
            return new RegistrationStart(response.serialize(), kek.seal(state, aad), Optional.empty(),
                    key.publicKey().toByteArray());
        } finally {
            key.destroy();
            zero(scalar, state);
        }
    }

    @Override
    public RegistrationKeys finishRegistration(PendingRegistration pending, long version) {
        Kek kek = keys().hsm().kek();
        byte[] state = kek.open(pending.sealedState(),
                Aad.of(Aad.REGISTRATION, Aad.ascii(pending.id()), Aad.id(pending.recordId())));
        byte[] scalar = null;
        try {
            int length = ((state[1] & 0xff) << 8) | (state[2] & 0xff);
            Identifier identifier = Identifier.of(new String(state, 3, length, StandardCharsets.UTF_8));
            if (pending.suite() == Suite.P256_SHA256) {
                return new RegistrationKeys(identifier, pending.wrappedOprfKey()
                        .orElseThrow(() -> new IllegalStateException("pending P-256 registration without its wrapped key")));
            }
            scalar = Arrays.copyOfRange(state, 3 + length, state.length);
            return new RegistrationKeys(identifier, kek.seal(scalar, Aad.forRecord(Aad.OPRF_KEY, pending.recordId(), version)));
        } catch (InvalidRequestException e) {
            throw new IllegalStateException("a sealed pending registration holds an invalid identifier", e);
        } finally {
            zero(state, scalar);
        }
    }

    @Override
    public byte[] sealRecord(RecordId id, long version, byte[] registrationRecord) {
        return binding.hsm().kek().seal(registrationRecord, Aad.forRecord(Aad.RECORD, id, version));
    }

    @Override
    public byte[] sealBackupKey(RecordId id, long version, byte[] sealedBackupKey) {
        return binding.hsm().kek().seal(sealedBackupKey, Aad.forRecord(Aad.BACKUP_KEY, id, version));
    }

    @Override
    public byte[] openBackupKey(RecordId id, long version, byte[] sealed) {
        return binding.hsm().kek().open(sealed, Aad.forRecord(Aad.BACKUP_KEY, id, version));
    }

    @Override
    public LoginStart startLogin(Identifier identifier, RecordId recordId, KE1 ke1, Optional<VaultRecord> record,
                                 String loginId, long version) throws OpaqueException {
        ServerKeys k = keys();
        Kek kek = k.hsm().kek();
        Suite suite = ke1.suite();
        boolean real = record.isPresent();

        // Fake record material, derived on every login so that real and fake logins cost the same.
        byte[] seed = k.hsm().idMac().mac(concat(FAKE_LABEL, Aad.ascii(suite.wireName()), new byte[1], identifier.utf8()));
        byte[] multiplier = suite.oprf().deriveKeyPair(seed, FAKE_OPRF_INFO);
        byte[] fakeClientKey = suite.oprf().deriveKeyPair(seed, FAKE_CLIENT_INFO);
        byte[] maskingKey = maskingKey(seed, suite.nh());
        GroupElement fakeClientPublicKey = suite.group().multiplyGenerator(fakeClientKey);
        RegistrationRecord fake = RegistrationRecord.fake(suite, fakeClientPublicKey, maskingKey);

        // From here both paths do the same work on stored bytes: open a sealed record (AAD of the same shape), decode it,
        // build the OPRF key from its stored form (P-256: wrapped key and public point, decoded on every login).
        byte[] recordBytes = real
                ? kek.open(record.get().sealedRecord().orElseThrow(), Aad.forRecord(Aad.RECORD, recordId, version))
                : kek.open(k.decoyRecords().get(suite), decoyAad());
        OprfKey inner;
        SoftwareOprfKey software = null;
        if (suite == Suite.P256_SHA256) {
            WrappedOprfKey decoy = k.p256DecoyKey();
            inner = k.p256().oprfKey(real
                    ? new WrappedOprfKey(record.get().wrappedOprfKey().orElseThrow(), record.get().oprfPublicKey().orElseThrow())
                    : new WrappedOprfKey(decoy.wrapped(), decoy.publicKey()));
        } else {
            byte[] scalar = real
                    ? kek.open(record.get().wrappedOprfKey().orElseThrow(), Aad.forRecord(Aad.OPRF_KEY, recordId, version))
                    : kek.open(k.ristrettoDecoyKey(), decoyAad());
            try {
                software = SoftwareOprfKey.fromScalar(suite, scalar);
            } finally {
                zero(scalar);
            }
            inner = software;
        }
        ServerLogin state = null;
        byte[] fakeBytes = null;
        byte[] plain = null;
        try {
            fakeBytes = fake.serialize();
            RegistrationRecord stored = RegistrationRecord.deserialize(suite, real ? recordBytes : fakeBytes);
            ServerLogin.Start start = ServerLogin.start(serverKey(k, suite), new MultipliedOprfKey(inner, multiplier, !real),
                    stored, ke1, options(), random);
            state = start.state();
            plain = concat(new byte[] {FORMAT, (byte) (real ? 0 : 1)}, state.serialize());
            byte[] sealed = kek.seal(plain, Aad.of(Aad.LOGIN, Aad.ascii(loginId), Aad.id(recordId), Aad.version(version)));
            return new LoginStart(start.message().serialize(), sealed);
        } finally {
            if (software != null) {
                software.destroy();
            }
            if (state != null) {
                state.destroy();
            }
            zero(seed, multiplier, fakeClientKey, maskingKey, recordBytes, fakeBytes, plain);
        }
    }

    @Override
    public boolean finishLogin(LoginSession login, KE3 ke3) {
        byte[] plain = keys().hsm().kek().open(login.sealedState(),
                Aad.of(Aad.LOGIN, Aad.ascii(login.id()), Aad.id(login.recordId()), Aad.version(login.recordVersion())));
        ServerLogin state = null;
        try {
            boolean fake = plain[1] != 0;
            state = ServerLogin.deserialize(login.suite(), Arrays.copyOfRange(plain, 2, plain.length));
            byte[] sessionKey = state.finish(ke3);
            zero(sessionKey);
            return !fake;
        } catch (OpaqueException e) {
            return false;
        } finally {
            if (state != null) {
                state.destroy();
            }
            zero(plain);
        }
    }

    @Override
    public DecoyMaterial decoyMaterial(DecoyId decoy) {
        Hsm hsm = binding.hsm();
        Kek kek = hsm.kek();
        byte[] aad = Aad.of(Aad.DECOY, Aad.ascii(decoy.value()), Aad.version(DecoyId.VERSION));
        byte[] record = new byte[decoy.suite().registrationRecordLength()];
        byte[] backupKey = new byte[SDK_SEALED_BACKUP_KEY_BYTES];
        random.nextBytes(record);
        random.nextBytes(backupKey);
        byte[] sealedRecord = kek.seal(record, aad);
        byte[] sealedBackupKey = kek.seal(backupKey, aad);
        if (decoy.suite() == Suite.P256_SHA256) {
            WrappedOprfKey key = hsm.oprfKeys().generate();
            return new DecoyMaterial(key.wrapped(), key.publicKey(), sealedRecord, sealedBackupKey);
        }
        byte[] scalar = decoy.suite().group().randomScalar(random);
        try {
            byte[] publicKey = decoy.suite().group().multiplyGenerator(scalar).toByteArray();
            return new DecoyMaterial(kek.seal(scalar, aad), publicKey, sealedRecord, sealedBackupKey);
        } catch (OpaqueException e) {
            throw new IllegalStateException("a random ristretto255 scalar has no public key: " + e.getMessage(), e);
        } finally {
            zero(scalar);
        }
    }

    private ServerStaticKey serverKey(ServerKeys k, Suite suite) {
        return suite == Suite.P256_SHA256 ? k.p256().serverStaticKey() : k.ristretto();
    }

    private ProtocolOptions options() {
        ProtocolOptions current = options;
        if (current == null) {
            String context = ConfigProvider.getConfig().getOptionalValue("bkv.opaque.context", String.class).orElse("");
            current = context.isEmpty() ? ProtocolOptions.DEFAULT
                    : ProtocolOptions.withContext(context.getBytes(StandardCharsets.UTF_8));
            options = current;
        }
        return current;
    }

    private ServerKeys keys() {
        Hsm hsm = binding.hsm();
        ServerKeys current = keys;
        if (current != null && current.hsm() == hsm) {
            return current;
        }
        synchronized (this) {
            if (keys == null || keys.hsm() != hsm) {
                keys = load(hsm);
            }
            return keys;
        }
    }

    private ServerKeys load(Hsm hsm) {
        try {
            HsmOpaqueServer p256 = new HsmOpaqueServer(hsm);
            SoftwareServerStaticKey ristretto = ristrettoServerKey(hsm);
            byte[] decoyScalar = Suite.RISTRETTO255_SHA512.group().randomScalar(random);
            byte[] ristrettoDecoy = hsm.kek().seal(decoyScalar, decoyAad());
            zero(decoyScalar);
            Map<Suite, byte[]> decoyRecords = new java.util.EnumMap<>(Suite.class);
            for (Suite suite : Suite.values()) {
                byte[] filler = new byte[suite.registrationRecordLength()];
                random.nextBytes(filler);
                decoyRecords.put(suite, hsm.kek().seal(filler, decoyAad()));
            }
            LOG.info("vault server keys ready for P256-SHA256 (HSM) and ristretto255-SHA512 (sealed software key)");
            return new ServerKeys(hsm, p256, ristretto, hsm.oprfKeys().generate(), ristrettoDecoy, Map.copyOf(decoyRecords));
        } catch (OpaqueException e) {
            throw new IllegalStateException("the HSM's OPAQUE server key is unusable: " + e.getMessage(), e);
        }
    }

    private SoftwareServerStaticKey ristrettoServerKey(Hsm hsm) throws OpaqueException {
        Optional<byte[]> sealed = store.find(RISTRETTO_AKE_KEY);
        if (sealed.isEmpty()) {
            SoftwareServerStaticKey fresh = SoftwareServerStaticKey.generate(Suite.RISTRETTO255_SHA512, random);
            byte[] privateKey = fresh.exportPrivateKey();
            fresh.destroy();
            byte[] sealedNew = hsm.suiteKeySealer().seal(RISTRETTO_AKE_KEY, privateKey);
            zero(privateKey);
            try {
                store.create(RISTRETTO_AKE_KEY, sealedNew);
            } catch (EJBException e) {
                LOG.info("another node stored the ristretto255 server key first; using that one");
            }
            sealed = store.find(RISTRETTO_AKE_KEY);
        }
        byte[] privateKey = hsm.suiteKeySealer().open(RISTRETTO_AKE_KEY,
                sealed.orElseThrow(() -> new IllegalStateException("the ristretto255 server key could not be stored")));
        try {
            return SoftwareServerStaticKey.fromPrivateKey(Suite.RISTRETTO255_SHA512, privateKey);
        } finally {
            zero(privateKey);
        }
    }

    private static byte[] decoyAad() {
        return Aad.forRecord(Aad.DECOY, DECOY_ID, 0);
    }

    private static byte[] pendingState(Identifier identifier, byte[] scalar) {
        byte[] id = identifier.utf8();
        return concat(new byte[] {FORMAT, (byte) (id.length >>> 8), (byte) id.length}, id, scalar);
    }

    private static byte[] maskingKey(byte[] seed, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(seed, "HmacSHA512"));
            byte[] full = mac.doFinal(FAKE_MASKING_INFO);
            byte[] out = Arrays.copyOf(full, length);
            zero(full);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is missing from this JDK", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static void zero(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }
}
