package org.bkv.opaque.group;

import java.math.BigInteger;
import java.util.Arrays;
import org.bkv.opaque.InvalidEncodingException;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A P-256 element, never the identity, always on the curve. Internally it may be held as a Bouncy Castle point
 * on {@code CustomNamedCurves.getByName("secp256r1")}, as affine or Jacobian coordinates of this package's own
 * arithmetic ({@link P256Curve}), or several of these; each form is derived lazily from another when first
 * needed and then kept. {@link #of(ECPoint)} validates points coming from elsewhere (for example an HSM's k·B);
 * {@link #point()} hands the point out for PKCS#11 work. Immutable (the cached forms are pure functions of the
 * point) and thread-safe.
 */
public final class P256Element implements GroupElement {
    private volatile ECPoint point;
    private volatile byte[] encoded;
    /** Affine x ‖ y (Montgomery form, 10 words); null until needed. */
    private volatile long[] affine;
    /** Jacobian coordinates of a multiplication result; never modified after construction. */
    private final P256Curve.Jacobian jacobian;
    /**
     * Odd multiples of this point for variable-base multiplication, affine (16 entries of x ‖ y), built on first
     * use or by {@link P256Group#precompute} and then reused.
     */
    private volatile long[][] table;
    /**
     * The comb table of this point (16 affine entries, {@link P256Curve#combTable}), built only by
     * {@link P256Group#precompute} for a point about to be multiplied by several scalars; when present, every
     * multiplication of this element uses it instead of {@link #table}.
     */
    private volatile long[][] combTable;

    P256Element(ECPoint point) {
        this.point = point;
        this.jacobian = null;
    }

    P256Element(ECPoint normalizedPoint, byte[] encoded) {
        this.point = normalizedPoint;
        this.encoded = encoded;
        this.jacobian = null;
    }

    /** From validated affine coordinates (decompression) and, if known, the encoding. */
    P256Element(long[] affine, byte[] encoded) {
        this.affine = affine;
        this.encoded = encoded;
        this.jacobian = null;
    }

    /** A multiplication or hash-to-curve result (never the identity). */
    P256Element(P256Curve.Jacobian jacobian) {
        this.jacobian = jacobian;
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
        ECPoint p = point;
        if (p == null) {
            byte[][] xy = P256Curve.toAffineBytes(affine());
            p = P256Group.CURVE.createPoint(new BigInteger(1, xy[0]), new BigInteger(1, xy[1]));
            point = p;
        }
        return p;
    }

    /** Affine coordinates in this package's representation. */
    long[] affine() {
        long[] a = affine;
        if (a == null) {
            if (jacobian != null) {
                a = P256Curve.normalize(jacobian)[0];
            } else {
                ECPoint p = point.normalize();
                a = P256Curve.fromAffineBytes(p.getAffineXCoord().getEncoded(), p.getAffineYCoord().getEncoded());
            }
            affine = a;
        }
        return a;
    }

    /** The Jacobian form if this element is an unnormalised multiplication result without an encoding yet. */
    P256Curve.Jacobian pendingJacobian() {
        return encoded == null && affine == null ? jacobian : null;
    }

    /** Called by {@link P256Group#encodeAll} after a shared inversion. */
    void setAffine(long[] xy) {
        affine = xy;
        encoded = P256Curve.encode(xy);
    }

    long[][] table() {
        long[][] t = table;
        if (t == null) {
            t = P256Curve.affineTables(jacobianForm())[0];
            table = t;
        }
        return t;
    }

    boolean hasTable() {
        return table != null;
    }

    void setTable(long[][] t) {
        table = t;
    }

    /** The comb table if {@link P256Group#precompute} built one, else null. */
    long[][] combTable() {
        return combTable;
    }

    void setCombTable(long[][] t) {
        combTable = t;
    }

    P256Curve.Jacobian jacobianForm() {
        return jacobian != null ? jacobian : P256Curve.fromAffine(affine());
    }

    private byte[] encodedNoCopy() {
        byte[] e = encoded;
        if (e == null) {
            if (affine != null || jacobian != null) {
                e = P256Curve.encode(affine());
            } else {
                e = point.getEncoded(true);
            }
            encoded = e;
        }
        return e;
    }

    @Override
    public PrimeOrderGroup group() {
        return P256Group.INSTANCE;
    }

    @Override
    public byte[] toByteArray() {
        return encodedNoCopy().clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof P256Element other && Arrays.equals(encodedNoCopy(), other.encodedNoCopy());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encodedNoCopy());
    }

    @Override
    public String toString() {
        return "P256Element";
    }
}
