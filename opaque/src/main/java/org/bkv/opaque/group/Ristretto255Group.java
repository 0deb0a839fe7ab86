package org.bkv.opaque.group;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.RistrettoElement;
import cafe.cryptography.curve25519.Scalar;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.ProtocolException;
import org.bkv.opaque.internal.Bytes;
import org.bkv.opaque.internal.HashFunction;

/**
 * ristretto255 (RFC 9496) from curve25519-elisabeth 0.1.0. That version has no scalar inversion
 * (done here with {@link BigInteger#modInverse}) and decompresses the identity without complaint
 * (rejected here).
 */
public final class Ristretto255Group implements PrimeOrderGroup {
    public static final Ristretto255Group INSTANCE = new Ristretto255Group();

    /** ℓ = 2^252 + 27742317777372353535851937790883648493. */
    static final BigInteger L = BigInteger.ONE.shiftLeft(252)
            .add(new BigInteger("27742317777372353535851937790883648493"));

    private Ristretto255Group() {
    }

    @Override
    public int elementLength() {
        return 32;
    }

    @Override
    public int scalarLength() {
        return 32;
    }

    @Override
    public GroupElement deserializeElement(byte[] encoded) throws InvalidEncodingException {
        if (encoded == null || encoded.length != 32) {
            throw new InvalidEncodingException("ristretto255 element: expected 32 bytes");
        }
        if (Bytes.isZero(encoded)) {
            throw new InvalidEncodingException("ristretto255 element: the identity");
        }
        Ristretto255Curve.Point p = Ristretto255Curve.decode(encoded);
        if (p == null) {
            throw new InvalidEncodingException("ristretto255 element: invalid encoding");
        }
        // the all-zero string (rejected above) is the only canonical encoding of the identity
        return new Ristretto255Element(p, encoded.clone());
    }

    @Override
    public byte[] deserializeScalar(byte[] encoded, boolean nonZero) throws InvalidEncodingException {
        if (encoded == null || encoded.length != 32) {
            throw new InvalidEncodingException("ristretto255 scalar: expected 32 bytes");
        }
        if (toBigInteger(encoded).compareTo(L) >= 0) {
            throw new InvalidEncodingException("ristretto255 scalar: not below the group order");
        }
        if (nonZero && isZeroScalar(encoded)) {
            throw new InvalidEncodingException("ristretto255 scalar: zero");
        }
        return encoded.clone();
    }

    @Override
    public GroupElement requireElement(GroupElement element) throws ProtocolException {
        if (!(element instanceof Ristretto255Element e)) {
            throw new ProtocolException("expected a ristretto255 element");
        }
        // Every Ristretto255Element is checked when it is made (decoding, of(), or a multiplication by a
        // scalar that is not 0 mod ℓ of an element that is not the identity, which cannot give the identity).
        return e;
    }

    @Override
    public GroupElement multiply(GroupElement element, byte[] scalar) throws ProtocolException {
        Ristretto255Element e = (Ristretto255Element) element;
        if (!isReduced(scalar)) { // never for this module's scalars (all below ℓ); kept for completeness
            return wrap(e.element().multiply(Scalar.fromBits(scalar)));
        }
        if (isZeroScalar(scalar)) {
            throw new ProtocolException("scalar multiplication gave the identity");
        }
        byte[] half = halve(scalar);
        try {
            return new Ristretto255Element(Ristretto255Curve.multiply(e.table(), half));
        } finally {
            Arrays.fill(half, (byte) 0);
        }
    }

    @Override
    public GroupElement multiplyGenerator(byte[] scalar) throws ProtocolException {
        if (!isReduced(scalar)) {
            return wrap(Constants.RISTRETTO_GENERATOR_TABLE.multiply(Scalar.fromBits(scalar)));
        }
        if (isZeroScalar(scalar)) {
            throw new ProtocolException("scalar multiplication gave the identity");
        }
        byte[] half = halve(scalar);
        try {
            return new Ristretto255Element(Ristretto255Curve.multiplyGenerator(half));
        } finally {
            Arrays.fill(half, (byte) 0);
        }
    }

    private static final byte[] L_BYTES = fromBigInteger(L);

    /**
     * k/2 mod ℓ for k below ℓ, in constant time: (k + (k odd ? ℓ : 0)) / 2. Multiplications compute (k/2)·P and
     * keep the result as "twice that point", which {@link #encodeAll} encodes in a batch with one inversion.
     */
    static byte[] halve(byte[] k) {
        int mask = -(k[0] & 1);
        byte[] t = new byte[32];
        int carry = 0;
        for (int i = 0; i < 32; i++) {
            int v = (k[i] & 0xff) + (L_BYTES[i] & mask & 0xff) + carry;
            t[i] = (byte) v;
            carry = v >>> 8;
        }
        for (int i = 0; i < 31; i++) {
            t[i] = (byte) (((t[i] & 0xff) >>> 1) | ((t[i + 1] & 1) << 7));
        }
        t[31] = (byte) ((t[31] & 0xff) >>> 1);
        return t;
    }

    /** Encodes every multiplication result among the elements with one shared field inversion. */
    @Override
    public GroupElement[] encodeAll(GroupElement... elements) {
        Ristretto255Element[] pending = new Ristretto255Element[elements.length];
        Ristretto255Curve.Point[] halves = new Ristretto255Curve.Point[elements.length];
        int count = 0;
        for (GroupElement g : elements) {
            Ristretto255Element e = (Ristretto255Element) g;
            Ristretto255Curve.Point h = e.pendingHalf();
            if (h != null) {
                pending[count] = e;
                halves[count++] = h;
            }
        }
        if (count > 0) {
            byte[][] enc = Ristretto255Curve.doubleAndEncode(Arrays.copyOf(halves, count));
            for (int i = 0; i < count; i++) {
                pending[i].setEncoded(enc[i]);
            }
        }
        for (GroupElement e : elements) {
            e.toByteArray();
        }
        return elements.clone();
    }

    /** True if the 32-byte little-endian scalar is below ℓ; constant time (a borrow chain). */
    private static boolean isReduced(byte[] scalar) {
        if (scalar.length != 32) {
            throw new IllegalArgumentException("ristretto255 scalar: expected 32 bytes");
        }
        int borrow = 0;
        for (int i = 0; i < 32; i++) {
            borrow = ((scalar[i] & 0xff) - (L_BYTES[i] & 0xff) - borrow) >>> 31;
        }
        return borrow == 1;
    }

    private static GroupElement wrap(RistrettoElement r) throws ProtocolException {
        if (r.equals(RistrettoElement.IDENTITY)) {
            throw new ProtocolException("scalar multiplication gave the identity");
        }
        return new Ristretto255Element(r, null);
    }

    @Override
    public GroupElement hashToGroup(byte[] msg, byte[] dst) throws ProtocolException {
        byte[] uniform = HashFunction.SHA512.expandMessageXmd(msg, dst, 64);
        RistrettoElement r = RistrettoElement.fromUniformBytes(uniform);
        if (r.equals(RistrettoElement.IDENTITY)) {
            throw new ProtocolException("input hashes to the identity");
        }
        return new Ristretto255Element(r, null);
    }

    @Override
    public byte[] hashToScalar(byte[] msg, byte[] dst) {
        byte[] uniform = HashFunction.SHA512.expandMessageXmd(msg, dst, 64);
        return Scalar.fromBytesModOrderWide(uniform).toByteArray();
    }

    @Override
    public byte[] randomScalar(SecureRandom random) {
        byte[] buf = new byte[64];
        while (true) {
            random.nextBytes(buf);
            byte[] s = Scalar.fromBytesModOrderWide(buf).toByteArray();
            if (!isZeroScalar(s)) {
                Arrays.fill(buf, (byte) 0);
                return s;
            }
        }
    }

    @Override
    public byte[] invertScalar(byte[] scalar) {
        BigInteger inv = toBigInteger(scalar).modInverse(L);
        return fromBigInteger(inv);
    }

    @Override
    public boolean isZeroScalar(byte[] scalar) {
        return Bytes.isZero(scalar);
    }

    static BigInteger toBigInteger(byte[] littleEndian) {
        return new BigInteger(1, Bytes.reverse(littleEndian));
    }

    static byte[] fromBigInteger(BigInteger v) {
        byte[] be = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, v);
        return Bytes.reverse(be);
    }
}
