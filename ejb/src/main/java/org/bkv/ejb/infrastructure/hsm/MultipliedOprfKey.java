package org.bkv.ejb.infrastructure.hsm;

import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.Suite;
import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.server.OprfKey;

/**
 * An OPRF evaluation followed by one multiplication by a per-identifier scalar. For a fake record the product is the
 * answer (decoy key × identifier scalar: a per-identifier fake OPRF key); for a real record the product is computed
 * and discarded, so real and fake logins do the same HSM calls and the same software work (DESIGN §4.1).
 */
final class MultipliedOprfKey implements OprfKey {
    private final OprfKey inner;
    private final byte[] multiplier;
    private final boolean answerWithProduct;

    MultipliedOprfKey(OprfKey inner, byte[] multiplier, boolean answerWithProduct) {
        this.inner = inner;
        this.multiplier = multiplier;
        this.answerWithProduct = answerWithProduct;
    }

    @Override
    public Suite suite() {
        return inner.suite();
    }

    @Override
    public GroupElement blindEvaluate(GroupElement blindedElement) throws OpaqueException {
        GroupElement evaluated = suite().group().requireElement(inner.blindEvaluate(blindedElement));
        GroupElement product = suite().group().multiply(evaluated, multiplier);
        return answerWithProduct ? product : evaluated;
    }
}
