package org.bkv.hsm.opaque;

import org.bkv.hsm.ec.P256;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.group.P256Element;
import org.bouncycastle.math.ec.ECPoint;

/** Conversions between opaque/'s P-256 elements and the SEC1 encodings the HSM layer takes. */
final class P256Adapters {
    private P256Adapters() {
    }

    static ECPoint point(GroupElement element) throws InvalidEncodingException {
        if (!(element instanceof P256Element p)) {
            throw new InvalidEncodingException("the HSM serves only P256-SHA256; got "
                    + (element == null ? "no element" : element.getClass().getSimpleName()));
        }
        return p.point();
    }

    static P256Element element(ECPoint point) throws InvalidEncodingException {
        return P256Element.of(point);
    }

    static P256Element element(byte[] compressed) throws InvalidEncodingException {
        return P256Element.of(P256.decode(compressed));
    }
}
