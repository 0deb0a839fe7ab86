package org.bkv.hsm.opaque;

import java.util.Objects;

import org.bkv.hsm.InvalidPointException;
import org.bkv.hsm.OprfKeys;
import org.bkv.hsm.WrappedOprfKey;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.Suite;
import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.server.OprfKey;

/**
 * A record's OPRF key as opaque/ sees it, evaluated inside the HSM from its wrapped form (P256-SHA256 only).
 * HSM failures pass through as the unchecked {@link org.bkv.hsm.HsmException} family (unavailable → 503).
 */
public final class HsmOprfKey implements OprfKey {
    private final OprfKeys oprfKeys;
    private final WrappedOprfKey key;

    public HsmOprfKey(OprfKeys oprfKeys, WrappedOprfKey key) {
        this.oprfKeys = Objects.requireNonNull(oprfKeys, "oprfKeys");
        this.key = Objects.requireNonNull(key, "key");
    }

    @Override
    public Suite suite() {
        return Suite.P256_SHA256;
    }

    /** The wrapped key this instance evaluates with (to store beside the record). */
    public WrappedOprfKey wrappedKey() {
        return key;
    }

    @Override
    public GroupElement blindEvaluate(GroupElement blindedElement) throws OpaqueException {
        try {
            return P256Adapters.element(oprfKeys.evaluate(key, P256Adapters.point(blindedElement)));
        } catch (InvalidPointException e) {
            throw new InvalidEncodingException("blinded element rejected before the HSM: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "HsmOprfKey[P256-SHA256]";
    }
}
