package org.bkv.opaque.group;

import cafe.cryptography.curve25519.RistrettoElement;
import java.util.Arrays;
import org.bkv.opaque.InvalidEncodingException;

/** A ristretto255 element (elisabeth {@link RistrettoElement}), never the identity. */
public final class Ristretto255Element implements GroupElement {
    private final RistrettoElement element;
    private volatile byte[] encoded;

    Ristretto255Element(RistrettoElement element, byte[] encoded) {
        this.element = element;
        this.encoded = encoded;
    }

    /** Wraps a library element; rejects null and the identity. */
    public static Ristretto255Element of(RistrettoElement element) throws InvalidEncodingException {
        if (element == null || element.equals(RistrettoElement.IDENTITY)) {
            throw new InvalidEncodingException("ristretto255 element is null or the identity");
        }
        return new Ristretto255Element(element, null);
    }

    public RistrettoElement element() {
        return element;
    }

    @Override
    public PrimeOrderGroup group() {
        return Ristretto255Group.INSTANCE;
    }

    @Override
    public byte[] toByteArray() {
        byte[] e = encoded;
        if (e == null) {
            e = element.compress().toByteArray();
            encoded = e;
        }
        return e.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ristretto255Element other && element.equals(other.element);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toByteArray());
    }

    @Override
    public String toString() {
        return "Ristretto255Element";
    }
}
