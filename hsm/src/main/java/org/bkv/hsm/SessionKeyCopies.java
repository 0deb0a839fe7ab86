package org.bkv.hsm;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SENSITIVE;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.TokenException;

/**
 * Session copies ({@code C_CopyObject} with {@code CKA_TOKEN = false}) of the token keys used on every request: the
 * KEK, the 3DH key and the identifier MAC key.
 *
 * <p>Why: SoftHSM re-reads a token object's file generation on every attribute access, which costs about 90 µs per
 * ECDH derive with {@code bkv-ake-p256} (two per login) and some tens of microseconds per KEK or MAC call; a session
 * object lives in memory. A copy keeps the original's attributes: it stays sensitive and as non-extractable as the token
 * key (PKCS#11 forbids a copy from weakening either, and {@link #make} checks it), and it exists only inside this process's
 * logged-in token connection. The copies are made by one dedicated session that is never lent to callers (session
 * objects die with the session that created them) and vanish with C_Finalize at every recycle or reconnect, after
 * which they are made again. A module that refuses the copy (e.g. {@code CKA_COPYABLE = false}, or an HSM policy)
 * simply gets the token objects; {@code bkv.hsm.sessionKeyCopies = false} turns copies off.
 */
final class SessionKeyCopies {
    private static final Logger LOG = Logger.getLogger(SessionKeyCopies.class.getName());
    static final Set<HsmKey> COPIED = EnumSet.of(HsmKey.KEK, HsmKey.AKE_P256, HsmKey.ID_MAC);

    private SessionKeyCopies() {
    }

    /**
     * {@code found} with session copies of the {@link #COPIED} keys it holds, made on {@code keeper}; copies of keys
     * whose token handle is unchanged since {@code previous} are kept, the others are destroyed.
     */
    static KeyHandles make(Session keeper, Connection c, KeyHandles found, KeyHandles previous) throws TokenException {
        Map<HsmKey, Long> copies = new EnumMap<>(HsmKey.class);
        for (HsmKey key : COPIED) {
            Long handle = found.handles().get(key);
            Long oldCopy = previous.sessionCopies().get(key);
            if (oldCopy != null && handle != null && handle.equals(previous.handles().get(key))) {
                copies.put(key, oldCopy);
                continue;
            }
            if (oldCopy != null) {
                EcDerive.destroy(keeper, oldCopy, null);
            }
            if (handle != null) {
                Long copy = copy(keeper, c, key, handle);
                if (copy != null) {
                    copies.put(key, copy);
                }
            }
        }
        return found.withSessionCopies(copies);
    }

    private static Long copy(Session keeper, Connection c, HsmKey key, long handle) throws TokenException {
        long copy;
        try {
            copy = keeper.copyObject(handle, new AttributeVector().token(false));
        } catch (PKCS11Exception e) {
            LOG.warning("token key " + key.label() + " cannot be copied into a session object (" + Pkcs11Codes.name(e)
                    + "): using the token object directly");
            return null;
        }
        c.created(1);
        AttributeVector original = keeper.getAttrValues(handle, CKA_SENSITIVE, CKA_EXTRACTABLE);
        AttributeVector attrs = keeper.getAttrValues(copy, CKA_SENSITIVE, CKA_EXTRACTABLE);
        if (!Boolean.TRUE.equals(attrs.sensitive()) || !Boolean.TRUE.equals(original.sensitive())
                || attrs.extractable() == null || !attrs.extractable().equals(original.extractable())) {
            EcDerive.destroy(keeper, copy, null);
            throw new HsmIntegrityException("the session copy of " + key.label() + " is not as sensitive and non-extractable "
                    + "as the token key");
        }
        return copy;
    }
}
