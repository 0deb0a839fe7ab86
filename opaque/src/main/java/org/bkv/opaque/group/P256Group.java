package org.bkv.opaque.group;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.ProtocolException;
import org.bkv.opaque.internal.HashFunction;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;

/**
 * P-256 (secp256r1) from Bouncy Castle's {@code CustomNamedCurves}, with hash-to-curve P256_XMD:SHA-256_SSWU_RO_
 * ({@link P256HashToCurve}).
 */
public final class P256Group implements PrimeOrderGroup {
    public static final P256Group INSTANCE = new P256Group();

    static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256r1");
    static final ECCurve CURVE = PARAMS.getCurve();
    static final ECPoint G = PARAMS.getG();
    static final BigInteger N = PARAMS.getN();
    static final BigInteger P = CURVE.getField().getCharacteristic();
    private static final byte[] P_BYTES = BigIntegers.asUnsignedByteArray(32, P);
    private static final byte[] N_BYTES = BigIntegers.asUnsignedByteArray(32, N);

    private P256Group() {
    }

    /** The curve every P-256 element of this module lives on. */
    public static ECCurve curve() {
        return CURVE;
    }

    public static BigInteger order() {
        return N;
    }

    @Override
    public int elementLength() {
        return 33;
    }

    @Override
    public int scalarLength() {
        return 32;
    }

    @Override
    public GroupElement deserializeElement(byte[] encoded) throws InvalidEncodingException {
        if (encoded == null || encoded.length != 33) {
            throw new InvalidEncodingException("P-256 element: expected 33 bytes");
        }
        if (encoded[0] != 0x02 && encoded[0] != 0x03) {
            throw new InvalidEncodingException("P-256 element: not a compressed point");
        }
        if (compareUnsigned(encoded, 1, P_BYTES) >= 0) {
            throw new InvalidEncodingException("P-256 element: x not below the field prime");
        }
        long[] xy = P256Curve.decompress(encoded);
        if (xy == null) {
            throw new InvalidEncodingException("P-256 element: not on the curve");
        }
        // The curve has prime order (cofactor 1): every point other than the identity is a valid element.
        return new P256Element(xy, encoded.clone());
    }

    @Override
    public byte[] deserializeScalar(byte[] encoded, boolean nonZero) throws InvalidEncodingException {
        if (encoded == null || encoded.length != 32) {
            throw new InvalidEncodingException("P-256 scalar: expected 32 bytes");
        }
        if (compareUnsigned(encoded, 0, N_BYTES) >= 0) {
            throw new InvalidEncodingException("P-256 scalar: not below the group order");
        }
        if (nonZero && isZeroScalar(encoded)) {
            throw new InvalidEncodingException("P-256 scalar: zero");
        }
        return encoded.clone();
    }

    @Override
    public GroupElement requireElement(GroupElement element) throws ProtocolException {
        if (!(element instanceof P256Element e)) {
            throw new ProtocolException("expected a P-256 element");
        }
        // Every P256Element is validated when it is made (decompression, P256Element.of, or our own arithmetic).
        return e;
    }

    @Override
    public GroupElement multiply(GroupElement element, byte[] scalar) throws ProtocolException {
        P256Element e = (P256Element) element;
        if (isZeroModN(scalar)) {
            throw new ProtocolException("scalar multiplication gave the identity");
        }
        long[][] comb = e.combTable();
        P256Curve.Jacobian r = comb != null ? P256Curve.multiplyComb(comb, scalar) : P256Curve.multiply(e.table(), scalar);
        if (r == null) { // cannot happen for a scalar of the group (see P256Curve); kept as a safety net
            return wrap(e.point().multiply(toBigInteger(scalar).mod(N)));
        }
        return new P256Element(r);
    }

    @Override
    public GroupElement multiplyGenerator(byte[] scalar) throws ProtocolException {
        if (isZeroModN(scalar)) {
            throw new ProtocolException("scalar multiplication gave the identity");
        }
        P256Curve.Jacobian r = P256Curve.multiplyGenerator(scalar);
        if (r == null) { // cannot happen (see P256Curve); kept as a safety net
            return wrap(G.multiply(toBigInteger(scalar).mod(N)));
        }
        return new P256Element(r);
    }

    /** True for a scalar that is 0 or n (32 bytes: the callers' scalars always are). */
    private static boolean isZeroModN(byte[] scalar) {
        if (scalar.length != 32) {
            throw new IllegalArgumentException("P-256 scalar: expected 32 bytes");
        }
        int zero = 0;
        int n = 0;
        for (int i = 0; i < 32; i++) {
            zero |= scalar[i];
            n |= scalar[i] ^ N_BYTES[i];
        }
        return zero == 0 || n == 0;
    }

    private static GroupElement wrap(ECPoint p) throws ProtocolException {
        if (p.isInfinity()) {
            throw new ProtocolException("scalar multiplication gave the identity");
        }
        return new P256Element(p);
    }

    @Override
    public GroupElement hashToGroup(byte[] msg, byte[] dst) throws ProtocolException {
        P256Curve.Jacobian p = P256HashToCurve.hashToCurve(msg, dst);
        if (P256Field.isZero(p.z) == 1) {
            throw new ProtocolException("input hashes to the identity");
        }
        return new P256Element(p);
    }

    @Override
    public byte[] hashToScalar(byte[] msg, byte[] dst) {
        byte[] uniform = HashFunction.SHA256.expandMessageXmd(msg, dst, 48);
        BigInteger s = new BigInteger(1, uniform).mod(N);
        return BigIntegers.asUnsignedByteArray(32, s);
    }

    @Override
    public byte[] randomScalar(SecureRandom random) {
        byte[] buf = new byte[48];
        while (true) {
            random.nextBytes(buf);
            BigInteger s = new BigInteger(1, buf).mod(N);
            if (s.signum() != 0) {
                java.util.Arrays.fill(buf, (byte) 0);
                return BigIntegers.asUnsignedByteArray(32, s);
            }
        }
    }

    @Override
    public byte[] invertScalar(byte[] scalar) {
        return BigIntegers.asUnsignedByteArray(32, BigIntegers.modOddInverse(N, toBigInteger(scalar)));
    }

    @Override
    public boolean isZeroScalar(byte[] scalar) {
        int acc = 0;
        for (byte b : scalar) {
            acc |= b;
        }
        return acc == 0;
    }

    /**
     * Builds the tables the listed elements lack and normalises them all with one shared inversion. An element
     * listed once gets the ladder's 16 odd multiples; one listed two or more times (the same instance: a base about
     * to be multiplied by several scalars) gets a comb table instead, which costs about 0.7 of a ladder multiplication
     * more to build and then saves about 0.6 of one on every multiplication ({@link P256Curve#combTable}).
     */
    @Override
    public void precompute(GroupElement... elements) {
        P256Element[] pending = new P256Element[elements.length];
        P256Curve.Jacobian[][] tables = new P256Curve.Jacobian[elements.length][];
        boolean[] comb = new boolean[elements.length];
        int count = 0;
        for (int i = 0; i < elements.length; i++) {
            P256Element e = (P256Element) elements[i];
            if (indexOf(elements, e) < i || e.combTable() != null) {
                continue; // seen already, or nothing left to build
            }
            boolean several = indexOf(elements, e, i + 1) >= 0;
            if (several || !e.hasTable()) {
                P256Curve.Jacobian p = e.jacobianForm();
                pending[count] = e;
                comb[count] = several;
                tables[count] = several ? P256Curve.combTable(p) : P256Curve.table(p);
                count++;
            }
        }
        if (count > 0) {
            long[][][] affine = P256Curve.normalizeTables(java.util.Arrays.copyOf(tables, count));
            for (int i = 0; i < count; i++) {
                if (comb[i]) {
                    pending[i].setCombTable(affine[i]);
                } else {
                    pending[i].setTable(affine[i]);
                }
            }
        }
    }

    private static int indexOf(GroupElement[] elements, GroupElement e) {
        return indexOf(elements, e, 0);
    }

    /** The first index at or after {@code from} that holds this very instance, or -1. */
    private static int indexOf(GroupElement[] elements, GroupElement e, int from) {
        for (int i = from; i < elements.length; i++) {
            if (elements[i] == e) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public GroupElement[] encodeAll(GroupElement... elements) {
        // One shared inversion (Montgomery's trick) for every multiplication result not yet encoded.
        P256Element[] pending = new P256Element[elements.length];
        P256Curve.Jacobian[] points = new P256Curve.Jacobian[elements.length];
        int count = 0;
        for (GroupElement g : elements) {
            P256Element e = (P256Element) g;
            P256Curve.Jacobian j = e.pendingJacobian();
            if (j != null) {
                pending[count] = e;
                points[count++] = j;
            }
        }
        if (count > 0) {
            long[][] affine = P256Curve.normalize(java.util.Arrays.copyOf(points, count));
            for (int i = 0; i < count; i++) {
                pending[i].setAffine(affine[i]);
            }
        }
        for (GroupElement e : elements) {
            e.toByteArray();
        }
        return elements.clone();
    }

    static BigInteger toBigInteger(byte[] scalar) {
        return new BigInteger(1, scalar);
    }

    private static int compareUnsigned(byte[] a, int offset, byte[] b) {
        for (int i = 0; i < b.length; i++) {
            int x = a[offset + i] & 0xff;
            int y = b[i] & 0xff;
            if (x != y) {
                return x < y ? -1 : 1;
            }
        }
        return 0;
    }
}
