package org.bkv.hsm;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDSA;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

import org.bkv.hsm.ec.P256;
import org.xipki.pkcs11.wrapper.Functions;
import org.xipki.pkcs11.wrapper.Mechanism;

/** {@link AuditSigner}: SHA-256 in Java, CKM_ECDSA in the HSM (SoftHSM 2.6.1 has no CKM_ECDSA_SHA256). */
final class Pkcs11AuditSigner implements AuditSigner {
    private final SessionPool pool;

    Pkcs11AuditSigner(SessionPool pool) {
        this.pool = pool;
    }

    @Override
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] plain = pool.call("audit signature", SessionPool.OnFailure.ERROR, (session, c) ->
                session.signSingle(new Mechanism(CKM_ECDSA), c.keys().require(HsmKey.AUDIT), digest));
        if (plain.length != 2 * P256.FIELD_BYTES) {
            throw new HsmIntegrityException("ECDSA signature from the HSM has length " + plain.length + ", expected 64");
        }
        return Functions.dsaSigPlainToX962(plain);
    }

    @Override
    public byte[] publicKeySpki() {
        return pool.call("read audit public key", SessionPool.OnFailure.ERROR,
                (session, c) -> P256.spki(c.keys().publicPoint(HsmKey.AUDIT)));
    }
}
