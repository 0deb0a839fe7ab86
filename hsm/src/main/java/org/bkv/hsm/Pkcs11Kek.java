package org.bkv.hsm;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_GCM;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.params.GCM_PARAMS;

/** {@link Kek}: CKM_AES_GCM with {@code bkv-kek}, random 96-bit IVs, 128-bit tags. */
final class Pkcs11Kek implements Kek {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] NO_AAD = new byte[0];
    private final SessionPool pool;

    Pkcs11Kek(SessionPool pool) {
        this.pool = pool;
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(plaintext, "plaintext");
        if (plaintext.length == 0) {
            throw new IllegalArgumentException("nothing to seal: the plaintext is empty"); // PKCS#11 modules reject it
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] ad = aad == null ? NO_AAD : aad.clone();
        byte[] body = pool.call("KEK seal", SessionPool.OnFailure.ERROR, (session, c) -> session.encryptSingle(
                new Mechanism(CKM_AES_GCM, new GCM_PARAMS(iv, ad, TAG_BYTES * 8)), c.keys().require(HsmKey.KEK), plaintext));
        byte[] out = Arrays.copyOf(iv, IV_BYTES + body.length);
        System.arraycopy(body, 0, out, IV_BYTES, body.length);
        return out;
    }

    @Override
    public byte[] open(byte[] sealed, byte[] aad) {
        Objects.requireNonNull(sealed, "sealed");
        if (sealed.length < IV_BYTES + TAG_BYTES) {
            throw new HsmIntegrityException("sealed data is shorter than IV and tag");
        }
        byte[] iv = Arrays.copyOf(sealed, IV_BYTES);
        byte[] body = Arrays.copyOfRange(sealed, IV_BYTES, sealed.length);
        byte[] ad = aad == null ? NO_AAD : aad.clone();
        return pool.call("KEK open", SessionPool.OnFailure.INTEGRITY, (session, c) -> session.decryptSingle(
                new Mechanism(CKM_AES_GCM, new GCM_PARAMS(iv, ad, TAG_BYTES * 8)), c.keys().require(HsmKey.KEK), body));
    }
}
