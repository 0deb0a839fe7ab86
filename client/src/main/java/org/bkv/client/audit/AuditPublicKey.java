package org.bkv.client.audit;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The appliance's {@code bkv-audit} public key: an EC P-256 key from a PEM "PUBLIC KEY" block
 * (SubjectPublicKeyInfo), which verifies tree head signatures: ECDSA over SHA-256, X9.62 DER.
 */
public final class AuditPublicKey {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";
    private static final ECParameterSpec P256 = p256();

    private final ECPublicKey key;

    private AuditPublicKey(ECPublicKey key) {
        this.key = key;
    }

    /** Parses a PEM "PUBLIC KEY" block; text around the block (comments) is ignored. */
    public static AuditPublicKey fromPem(String pem) throws AuditKeyException {
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new AuditKeyException("no PEM \"" + BEGIN + "\" ... \"" + END + "\" block");
        }
        if (pem.indexOf(BEGIN, begin + 1) >= 0) {
            throw new AuditKeyException("more than one PEM public key block");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(pem.substring(begin + BEGIN.length(), end).replaceAll("[ \t\r\n]", "")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new AuditKeyException("the PEM block is not valid base64");
        }
        return fromSpki(der);
    }

    /** Parses a DER SubjectPublicKeyInfo. */
    public static AuditPublicKey fromSpki(byte[] spki) throws AuditKeyException {
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new AuditKeyException("not an EC public key (SubjectPublicKeyInfo)");
        }
        if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
            throw new AuditKeyException("the public key is not on P-256 (secp256r1)");
        }
        return new AuditPublicKey(ec);
    }

    /** Whether {@code derSignature} is this key's ECDSA signature over SHA-256({@code message}). */
    public boolean verifies(byte[] message, byte[] derSignature) {
        Objects.requireNonNull(message, "message");
        if (!EcdsaDer.isStrictP256Signature(derSignature)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(derSignature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** SHA-256 of the SubjectPublicKeyInfo, hex: a fingerprint to compare with the console's. */
    public String fingerprint() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return java.util.HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isP256(ECParameterSpec params) {
        return params.getCurve().equals(P256.getCurve()) && params.getGenerator().equals(P256.getGenerator())
                && params.getOrder().equals(P256.getOrder()) && params.getCofactor() == P256.getCofactor();
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-256", e);
        }
    }

    /** Strict DER for P-256 ECDSA: SEQUENCE of two minimal positive INTEGERs in [1, n-1], nothing after. */
    static final class EcdsaDer {
        private static final BigInteger ORDER = P256.getOrder();

        private EcdsaDer() {
        }

        static boolean isStrictP256Signature(byte[] der) {
            if (der == null || der.length < 8 || der.length > 72 || der[0] != 0x30 || der[1] != der.length - 2) {
                return false;
            }
            int rLength = integerLength(der, 2);
            int sOffset = 4 + rLength;
            int sLength = rLength < 0 ? -1 : integerLength(der, sOffset);
            return sLength > 0 && sOffset + 2 + sLength == der.length
                    && inRange(der, 4, rLength) && inRange(der, sOffset + 2, sLength);
        }

        private static int integerLength(byte[] der, int offset) {
            if (offset + 2 > der.length || der[offset] != 0x02) {
                return -1;
            }
            int length = der[offset + 1];
            int value = offset + 2;
            if (length < 1 || length > 33 || value + length > der.length) {
                return -1;
            }
            boolean negative = der[value] < 0;
            boolean needlessZero = length > 1 && der[value] == 0 && der[value + 1] >= 0;
            return negative || needlessZero ? -1 : length;
        }

        private static boolean inRange(byte[] der, int offset, int length) {
            BigInteger value = new BigInteger(1, Arrays.copyOfRange(der, offset, offset + length));
            return value.signum() > 0 && value.compareTo(ORDER) < 0;
        }
    }
}
