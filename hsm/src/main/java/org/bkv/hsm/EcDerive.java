package org.bkv.hsm;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKD_NULL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_GENERIC_SECRET;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_ECDH1_DERIVE;

import org.bkv.hsm.ec.FullPointRecovery;
import org.bkv.hsm.ec.P256;
import org.bouncycastle.math.ec.ECPoint;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.TokenException;
import org.xipki.pkcs11.wrapper.params.ECDH1_DERIVE_PARAMS;

/**
 * CKM_ECDH1_DERIVE with CKD_NULL, and the DESIGN §4.1 full-point recovery built on it. Every derived secret is a
 * session object destroyed before returning, also on errors. Points must already be validated by the caller.
 */
final class EcDerive {
    private EcDerive() {
    }

    /** k·B exactly, from x(k·B) and x(k·(B+G)), with K = k·G. B must have passed {@link P256#decodeHsmInput}. */
    static ECPoint fullPoint(Session session, Connection c, long key, ECPoint b, ECPoint bPlusG, ECPoint publicKey)
            throws TokenException {
        byte[] x1 = x(session, c, key, b);
        byte[] x2 = x(session, c, key, bPlusG);
        return FullPointRecovery.recover(x1, x2, publicKey);
    }

    /** x(k·peer): derive a non-sensitive generic secret, read it, destroy it. */
    static byte[] x(Session session, Connection c, long key, ECPoint peer) throws TokenException {
        Mechanism mechanism = new Mechanism(CKM_ECDH1_DERIVE, new ECDH1_DERIVE_PARAMS(CKD_NULL, null, P256.uncompressed(peer)));
        AttributeVector template = AttributeVector.newSecretKey(CKK_GENERIC_SECRET)
                .token(false).sensitive(false).extractable(true);
        long handle = session.deriveKey(mechanism, key, template);
        c.created(1);
        Throwable primary = null;
        try {
            byte[] value = session.getAttrValues(handle, CKA_VALUE).value();
            if (value == null || value.length == 0 || value.length > P256.FIELD_BYTES) {
                throw new HsmIntegrityException("ECDH derive returned no usable x-coordinate");
            }
            return value;
        } catch (Throwable t) {
            primary = t;
            throw t;
        } finally {
            destroy(session, handle, primary);
        }
    }

    /** Destroys a session object; a failure is suppressed into {@code primary} when there is one. */
    static void destroy(Session session, long handle, Throwable primary) throws TokenException {
        try {
            session.destroyObject(handle);
        } catch (TokenException | RuntimeException e) {
            if (primary == null) {
                throw e;
            }
            primary.addSuppressed(e);
        }
    }
}
