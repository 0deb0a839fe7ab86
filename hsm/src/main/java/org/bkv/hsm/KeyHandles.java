package org.bkv.hsm;

import java.util.Map;
import java.util.Optional;

import org.bouncycastle.math.ec.ECPoint;

/**
 * Object handles of the token keys for one login (handles die with logout or C_Finalize), and the public points
 * of the EC keys. Immutable; replaced after provisioning or re-login.
 */
record KeyHandles(Map<HsmKey, Long> handles, Map<HsmKey, ECPoint> publicPoints) {

    static final KeyHandles NONE = new KeyHandles(Map.of(), Map.of());

    KeyHandles {
        handles = Map.copyOf(handles);
        publicPoints = Map.copyOf(publicPoints);
    }

    /** The private or secret key handle; fails with a one-line hint when the key is not provisioned. */
    long require(HsmKey key) {
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
