package org.bkv.client.sdk;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Accepts the server only if its leaf certificate's SHA-256 (over the DER encoding) equals the pin,
 * compared in constant time. Being an {@link X509ExtendedTrustManager}, it replaces the JDK's host name
 * check: the pin already names one certificate, and appliances are often reached by IP address.
 */
final class PinnedCertificateTrustManager extends X509ExtendedTrustManager {

    /** Raised for a certificate that is not the pinned one; recognised in the failure's cause chain. */
    static final class PinMismatchException extends CertificateException {
        private static final long serialVersionUID = 1L;

        PinMismatchException(String message) {
            super(message);
        }
    }

    private final byte[] pin;

    PinnedCertificateTrustManager(byte[] pin) {
        this.pin = pin.clone();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        byte[] presented = sha256(chain[0]);
        if (!MessageDigest.isEqual(pin, presented)) {
            throw new PinMismatchException("the appliance's certificate does not match the pinned fingerprint"
                    + " (it presented SHA-256 " + colonHex(presented) + ")");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager authenticates servers only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }

    /** SHA-256 over the certificate's DER encoding: what {@code openssl x509 -fingerprint -sha256} prints. */
    static byte[] sha256(X509Certificate certificate) throws CertificateEncodingException {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    static String colonHex(byte[] bytes) {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
    }
}
