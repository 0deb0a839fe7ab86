package org.bkv.hsm;

import java.util.Map;
import java.util.Optional;

import org.bouncycastle.math.ec.ECPoint;

/**
 * Object handles of the token keys for one login (handles die with logout or C_Finalize), the public points of the
 * EC keys, and the session copies of the keys used on every request ({@link SessionKeyCopies}). Immutable; replaced
 * after provisioning or re-login.
 */
record KeyHandles(Map<HsmKey, Long> handles, Map<HsmKey, ECPoint> publicPoints, Map<HsmKey, Long> sessionCopies) {

    static final KeyHandles NONE = new KeyHandles(Map.of(), Map.of());

    KeyHandles {
        handles = Map.copyOf(handles);
        publicPoints = Map.copyOf(publicPoints);
        sessionCopies = Map.copyOf(sessionCopies);
    }

    KeyHandles(Map<HsmKey, Long> handles, Map<HsmKey, ECPoint> publicPoints) {
        this(handles, publicPoints, Map.of());
    }

    KeyHandles withSessionCopies(Map<HsmKey, Long> copies) {
        return new KeyHandles(handles, publicPoints, copies);
    }

    /**
     * The handle every operation uses: the key's session copy when there is one, else the token object. Fails with
     * a one-line hint when the key is not provisioned.
     */
    long require(HsmKey key) {
        Long copy = sessionCopies.get(key);
        if (copy != null) {
            return copy;
        }
        Long h = handles.get(key);
        if (h == null) {
            throw new HsmConfigurationException("key " + key.label() + " is not on the token: provision the token "
                    + "(Hsm.provisionKeys) or restore the key backup");
        }
        return h;
    }

    ECPoint publicPoint(HsmKey key) {
        ECPoint p = publicPoints.get(key);
        if (p == null) {
            throw new HsmConfigurationException("public key of " + key.label() + " is not on the token: provision the token "
                    + "(Hsm.provisionKeys) or restore the key backup");
        }
        return p;
    }

    Optional<Long> find(HsmKey key) {
        return Optional.ofNullable(handles.get(key));
    }
}
