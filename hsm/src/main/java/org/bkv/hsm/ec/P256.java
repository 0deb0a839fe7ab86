package org.bkv.hsm.ec;

import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

import org.bkv.hsm.InvalidPointException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * P-256 (secp256r1) in Bouncy Castle's fast custom curve: strict decoding of untrusted points, encodings, SPKI.
 * Every point that reaches the HSM went through {@link #decode(byte[])} (or comes from our own arithmetic).
 */
public final class P256 {
    public static final X9ECParameters PARAMETERS = CustomNamedCurves.getByName("secp256r1");
    public static final ECCurve CURVE = PARAMETERS.getCurve();
    public static final ECPoint G = PARAMETERS.getG().normalize();
    public static final BigInteger N = PARAMETERS.getN();
    public static final BigInteger P = CURVE.getField().getCharacteristic();
    public static final int FIELD_BYTES = 32;
    public static final int COMPRESSED_BYTES = 33;
    public static final int UNCOMPRESSED_BYTES = 65;
    /** DER of the named-curve OID 1.2.840.10045.3.1.7, the value of CKA_EC_PARAMS. */
    public static final byte[] EC_PARAMS_DER = {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07};

    private static final ECPoint MINUS_G = G.negate().normalize();

    private P256() {
    }

    /**
     * Decodes an untrusted SEC1 point, compressed (33 bytes) or uncompressed (65 bytes), rejecting every other
     * length, prefix, coordinates not below p, points not on the curve and the identity.
     */
    public static ECPoint decode(byte[] encoded) {
        if (encoded == null) {
            throw new InvalidPointException("point is missing");
        }
        int prefix = encoded.length == 0 ? -1 : encoded[0] & 0xff;
        boolean compressed = encoded.length == COMPRESSED_BYTES && (prefix == 0x02 || prefix == 0x03);
        boolean uncompressed = encoded.length == UNCOMPRESSED_BYTES && prefix == 0x04;
        if (!compressed && !uncompressed) {
            throw new InvalidPointException("point encoding is not a 33-byte compressed or 65-byte uncompressed P-256 point");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(encoded, 1, 1 + FIELD_BYTES));
        if (x.compareTo(P) >= 0) {
            throw new InvalidPointException("point x-coordinate is not below the field prime");
        }
        if (uncompressed) {
            BigInteger y = new BigInteger(1, Arrays.copyOfRange(encoded, 1 + FIELD_BYTES, UNCOMPRESSED_BYTES));
            if (y.compareTo(P) >= 0) {
                throw new InvalidPointException("point y-coordinate is not below the field prime");
            }
        }
        ECPoint point;
        try {
            point = CURVE.decodePoint(encoded);
        } catch (IllegalArgumentException e) {
            throw new InvalidPointException("point is not on P-256");
        }
        if (point.isInfinity() || !point.isValid()) {
            throw new InvalidPointException("point is not a valid P-256 point");
        }
        return point.normalize();
    }

    /** Decodes a point an OPRF or Diffie-Hellman input may be: valid, and not -G (full-point recovery needs B+G). */
    public static ECPoint decodeHsmInput(byte[] encoded) {
        ECPoint point = decode(encoded);
        requireHsmInput(point);
        return point;
    }

    /** Rejects the identity and -G, the inputs the two-derive recovery cannot handle. */
    public static void requireHsmInput(ECPoint point) {
        if (point.isInfinity()) {
            throw new InvalidPointException("point is the identity");
        }
        ECPoint n = point.normalize();
        if (n.getAffineXCoord().equals(MINUS_G.getAffineXCoord()) && n.getAffineYCoord().equals(MINUS_G.getAffineYCoord())) {
            throw new InvalidPointException("point is -G, which the HSM evaluation does not accept");
        }
    }

    /** 04 || X || Y, what is sent to PKCS#11 (some HSMs reject compressed points). */
    public static byte[] uncompressed(ECPoint point) {
        return point.getEncoded(false);
    }

    /** 02/03 || X, the OPAQUE SerializeElement encoding. */
    public static byte[] compressed(ECPoint point) {
        return point.getEncoded(true);
    }

    /** The fixed-length 32-byte big-endian encoding of a field element or scalar. */
    public static byte[] fixed32(BigInteger value) {
        byte[] raw = value.toByteArray();
        if (raw.length == FIELD_BYTES) {
            return raw;
        }
        byte[] out = new byte[FIELD_BYTES];
        if (raw.length > FIELD_BYTES) {
            System.arraycopy(raw, raw.length - FIELD_BYTES, out, 0, FIELD_BYTES);
        } else {
            System.arraycopy(raw, 0, out, FIELD_BYTES - raw.length, raw.length);
        }
        return out;
    }

    /** SubjectPublicKeyInfo DER for a P-256 public point (named curve, uncompressed point). */
    public static byte[] spki(ECPoint point) {
        try {
            AlgorithmIdentifier alg = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                    new ASN1ObjectIdentifier("1.2.840.10045.3.1.7"));
            return new SubjectPublicKeyInfo(alg, uncompressed(point)).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode SubjectPublicKeyInfo", e);
        }
    }

    /** The point inside a P-256 SubjectPublicKeyInfo. */
    public static ECPoint fromSpki(byte[] spki) {
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
        return decode(info.getPublicKeyData().getOctets());
    }

    /** Lower-case hex SHA-256 of the SPKI: the fingerprint of an EC key. */
    public static String fingerprint(ECPoint point) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(spki(point)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        return org.bouncycastle.util.encoders.Hex.toHexString(bytes);
    }
}
