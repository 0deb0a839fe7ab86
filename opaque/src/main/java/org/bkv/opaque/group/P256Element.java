package org.bkv.opaque.group;

import java.util.Arrays;
import org.bkv.opaque.InvalidEncodingException;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A P-256 element: a Bouncy Castle point on {@code CustomNamedCurves.getByName("secp256r1")}, never the
 * identity, always on the curve. {@link #of(ECPoint)} validates points coming from elsewhere (for example
 * an HSM's k·B); {@link #point()} hands the point out for PKCS#11 work.
 */
public final class P256Element implements GroupElement {
    private final ECPoint point;
    private volatile byte[] encoded;

    P256Element(ECPoint point) {
        this.point = point;
    }

    P256Element(ECPoint normalizedPoint, byte[] encoded) {
        this.point = normalizedPoint;
        this.encoded = encoded;
    }

    /**
     * Validates and wraps a point: it must not be the identity and must satisfy the curve equation.
     * A point on another {@code ECCurve} instance with the same parameters is imported.
     *
     * @throws InvalidEncodingException if the point is null, the identity, off the curve or on another curve
     */
    public static P256Element of(ECPoint point) throws InvalidEncodingException {
        if (point == null) {
            throw new InvalidEncodingException("P-256 point is null");
        }
        ECPoint p = point;
        if (p.getCurve() != P256Group.CURVE) {
            if (!P256Group.CURVE.equals(p.getCurve())) {
                throw new InvalidEncodingException("point is not on P-256");
            }
            p = P256Group.CURVE.importPoint(p);
        }
        if (p.isInfinity()) {
            throw new InvalidEncodingException("P-256 point is the identity");
        }
        if (!p.isValid()) {
            throw new InvalidEncodingException("P-256 point is not on the curve");
        }
        return new P256Element(p);
    }

    /** The Bouncy Castle point (on CustomNamedCurves secp256r1; may be in projective form: normalize() for x, y). */
    public ECPoint point() {
        return point;
    }

    @Override
    public PrimeOrderGroup group() {
        return P256Group.INSTANCE;
    }

    @Override
    public byte[] toByteArray() {
        byte[] e = encoded;
        if (e == null) {
            e = point.getEncoded(true);
            encoded = e;
        }
        return e.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof P256Element other && point.equals(other.point);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toByteArray());
    }

    @Override
    public String toString() {
        return "P256Element";
    }
}
