package org.bkv.opaque.group;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.RistrettoElement;
import java.util.Arrays;
import org.bkv.opaque.InvalidEncodingException;

/**
 * A ristretto255 element, never the identity. Internally it may be held as an elisabeth {@link RistrettoElement},
 * as a point of this package's own arithmetic ({@link Ristretto255Curve}), and/or as its encoding; each form is
 * derived lazily from another when first needed and then kept. Immutable (the cached forms are pure functions of
 * the element) and thread-safe.
 */
public final class Ristretto255Element implements GroupElement {
    private volatile RistrettoElement element;
    private volatile byte[] encoded;
    /** A representative in extended coordinates; never modified once published. */
    private volatile Ristretto255Curve.Point point;
    /** If not null, this element is 2·half (multiplication results: see {@link Ristretto255Curve#doubleAndEncode}). */
    private final Ristretto255Curve.Point half;
    /** [P..8P] for variable-base multiplication, built on first use and then reused. */
    private volatile Ristretto255Curve.Cached[] table;

    Ristretto255Element(RistrettoElement element, byte[] encoded) {
        this.element = element;
        this.encoded = encoded;
        this.half = null;
    }

    /** A decoded point with its encoding. */
    Ristretto255Element(Ristretto255Curve.Point point, byte[] encoded) {
        this.point = point;
        this.encoded = encoded;
        this.half = null;
    }

    /** A multiplication result, 2·half (half is never modified afterwards). */
    Ristretto255Element(Ristretto255Curve.Point half) {
        this.half = half;
    }

    /** The half point of a multiplication result not yet encoded, else null. */
    Ristretto255Curve.Point pendingHalf() {
        return encoded == null ? half : null;
    }

    /** Called by {@link Ristretto255Group#encodeAll} after a batch encoding. */
    void setEncoded(byte[] e) {
        encoded = e;
    }

    /** Wraps a library element; rejects null and the identity. */
    public static Ristretto255Element of(RistrettoElement element) throws InvalidEncodingException {
        if (element == null || element.equals(RistrettoElement.IDENTITY)) {
            throw new InvalidEncodingException("ristretto255 element is null or the identity");
        }
        return new Ristretto255Element(element, null);
    }

    public RistrettoElement element() {
        RistrettoElement e = element;
        if (e == null) {
            try {
                e = new CompressedRistretto(encodedNoCopy()).decompress();
            } catch (cafe.cryptography.curve25519.InvalidEncodingException ex) {
                throw new IllegalStateException("our own encoding did not decode", ex);
            }
            element = e;
        }
        return e;
    }

    Ristretto255Curve.Point point() {
        Ristretto255Curve.Point p = point;
        if (p == null) {
            if (half != null) {
                p = new Ristretto255Curve.Point();
                p.set(half);
                Ristretto255Curve.dbl(p, new Ristretto255Curve.Scratch(), true);
            } else {
                p = Ristretto255Curve.decode(encodedNoCopy());
                if (p == null) {
                    throw new IllegalStateException("elisabeth's encoding did not decode");
                }
            }
            point = p;
        }
        return p;
    }

    Ristretto255Curve.Cached[] table() {
        Ristretto255Curve.Cached[] t = table;
        if (t == null) {
            t = Ristretto255Curve.table(point());
            table = t;
        }
        return t;
    }

    private byte[] encodedNoCopy() {
        byte[] e = encoded;
        if (e == null) {
            Ristretto255Curve.Point p = point;
            if (half != null) {
                e = Ristretto255Curve.doubleAndEncode(half)[0];
            } else {
                e = p != null ? Ristretto255Curve.encode(p) : element.compress().toByteArray();
            }
            encoded = e;
        }
        return e;
    }

    @Override
    public PrimeOrderGroup group() {
        return Ristretto255Group.INSTANCE;
    }

    @Override
    public byte[] toByteArray() {
        return encodedNoCopy().clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ristretto255Element other && Arrays.equals(encodedNoCopy(), other.encodedNoCopy());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encodedNoCopy());
    }

    @Override
    public String toString() {
        return "Ristretto255Element";
    }
}
