package org.bkv.hsm;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_WRAP_PAD;

import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.TokenException;

/** Unwrapping of per-record keys as sensitive, non-extractable, derive-only session objects. */
final class Unwrap {
    private Unwrap() {
    }

    /** The caller must destroy the returned handle. */
    static long oprfKey(Session session, Connection c, byte[] wrapped) throws TokenException {
        long kek = c.keys().require(HsmKey.KEK);
        AttributeVector template = AttributeVector.newECPrivateKey().token(false).private_(true).sensitive(true)
                .extractable(false).derive(true).sign(false).decrypt(false).unwrap(false);
        long handle = session.unwrapKey(new Mechanism(CKM_AES_KEY_WRAP_PAD), kek, wrapped, template);
        c.created(1);
        return handle;
    }
}
