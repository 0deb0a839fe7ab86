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
        RistrettoElement e;
        try {
            e = new CompressedRistretto(encoded.clone()).decompress();
        } catch (cafe.cryptography.curve25519.InvalidEncodingException | IllegalArgumentException ex) {
            throw new InvalidEncodingException("ristretto255 element: invalid encoding");
        }
        if (e.equals(RistrettoElement.IDENTITY)) {
            throw new InvalidEncodingException("ristretto255 element: the identity");
        }
        return new Ristretto255Element(e, encoded.clone());
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
        if (e.element().equals(RistrettoElement.IDENTITY)) {
            throw new ProtocolException("invalid ristretto255 element");
        }
        return e;
    }

    @Override
    public GroupElement multiply(GroupElement element, byte[] scalar) throws ProtocolException {
        RistrettoElement r = ((Ristretto255Element) element).element().multiply(Scalar.fromBits(scalar));
        return wrap(r);
    }

    @Override
    public GroupElement multiplyGenerator(byte[] scalar) throws ProtocolException {
        return wrap(Constants.RISTRETTO_GENERATOR_TABLE.multiply(Scalar.fromBits(scalar)));
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
