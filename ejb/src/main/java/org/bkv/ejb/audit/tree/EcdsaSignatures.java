package org.bkv.ejb.audit.tree;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * ECDSA P-256 signature encodings. Exports carry X9.62 DER ({@code SEQUENCE { INTEGER r, INTEGER s }}),
 * which is what {@code AuditSigner} returns and what JCA's SHA256withECDSA verifies; raw r‖s (PKCS#11,
 * IEEE P1363) is converted on the way in.
 */
public final class EcdsaSignatures {

    /** The order n of the P-256 group. */
    static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private static final int SCALAR_BYTES = 32;

    private EcdsaSignatures() {
    }

    /** Converts a raw 64-byte r‖s signature to DER. */
    public static byte[] derFromRaw(byte[] raw) {
        if (raw.length != 2 * SCALAR_BYTES) {
            throw new IllegalArgumentException("a raw P-256 signature is 64 bytes, got " + raw.length);
        }
        byte[] r = integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, SCALAR_BYTES)));
        byte[] s = integer(new BigInteger(1, Arrays.copyOfRange(raw, SCALAR_BYTES, raw.length)));
        ByteArrayOutputStream der = new ByteArrayOutputStream(72);
        der.write(0x30);
        der.write(r.length + s.length);
        der.writeBytes(r);
        der.writeBytes(s);
        return requireDer(der.toByteArray());
    }

    /**
     * Checks that {@code signature} is a strictly encoded DER P-256 ECDSA signature: minimal lengths,
     * minimal positive integers, 0 < r, s < n, nothing after. Returns it.
     */
    public static byte[] requireDer(byte[] signature) {
        if (!isStrictDer(signature)) {
            throw new IllegalArgumentException("not a strictly DER-encoded P-256 ECDSA signature");
        }
        return signature;
    }

    static boolean isStrictDer(byte[] der) {
        // Short-form lengths suffice: the largest signature is 2 + 2 × (2 + 33) = 72 bytes.
        if (der.length < 8 || der.length > 72 || der[0] != 0x30 || der[1] != der.length - 2) {
            return false;
        }
        int rLength = integerLength(der, 2);
        if (rLength < 0) {
            return false;
        }
        int sOffset = 4 + rLength;
        int sLength = integerLength(der, sOffset);
        return sLength >= 0 && sOffset + 2 + sLength == der.length
                && inRange(der, 4, rLength) && inRange(der, sOffset + 2, sLength);
    }

    private static int integerLength(byte[] der, int offset) {
        if (offset + 2 > der.length || der[offset] != 0x02) {
            return -1;
        }
        int length = der[offset + 1];
        int value = offset + 2;
        if (length < 1 || length > SCALAR_BYTES + 1 || value + length > der.length) {
            return -1;
        }
        boolean negative = der[value] < 0;
        boolean needlessZero = length > 1 && der[value] == 0 && der[value + 1] >= 0;
        return negative || needlessZero ? -1 : length;
    }

    private static boolean inRange(byte[] der, int offset, int length) {
        BigInteger value = new BigInteger(1, Arrays.copyOfRange(der, offset, offset + length));
        return value.signum() > 0 && value.compareTo(P256_ORDER) < 0;
    }

    /** DER INTEGER: tag, length, minimal two's complement (a leading 0x00 when the top bit is set). */
    private static byte[] integer(BigInteger value) {
        byte[] magnitude = value.toByteArray();
        byte[] der = new byte[2 + magnitude.length];
        der[0] = 0x02;
        der[1] = (byte) magnitude.length;
        System.arraycopy(magnitude, 0, der, 2, magnitude.length);
        return der;
    }
}
