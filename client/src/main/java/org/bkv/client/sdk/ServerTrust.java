package org.bkv.client.sdk;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.HexFormat;

/**
 * How the client decides it is talking to the right appliance over TLS. One of:
 * <ul>
 *   <li>{@link #systemDefault()}: the JDK's CA certificates and host name verification;</li>
 *   <li>{@link #certificatesFrom(Path)}: CA (or self-signed server) certificates from a PEM file, with host
 *       name verification;</li>
 *   <li>{@link #pinnedSha256(String)}: exactly one server certificate, named by the SHA-256 of its DER
 *       encoding. No CA and no host name check: the pin is the whole decision, so an IP-address URI such as
 *       {@code https://127.0.0.1:8443} works with the appliance's self-signed certificate.</li>
 * </ul>
 */
public final class ServerTrust {

    private final String description;
    private final TrustManager[] trustManagers;

    private ServerTrust(String description, TrustManager[] trustManagers) {
        this.description = description;
        this.trustManagers = trustManagers;
    }

    /** The JDK's default trust store and host name verification. */
    public static ServerTrust systemDefault() {
        return new ServerTrust("system CA certificates", null);
    }

    /**
     * Trusts the certificates in a PEM (or DER) file as anchors: an organisation's CA, or the appliance's own
     * self-signed certificate. Host names are verified against the URI.
     *
     * @throws IOException when the file cannot be read
     * @throws CertificateException when it holds no certificate or a malformed one
     */
    public static ServerTrust certificatesFrom(Path pemFile) throws IOException, CertificateException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no certificate in " + pemFile);
        }
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                anchors.setCertificateEntry("anchor-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            return new ServerTrust(certificates.size() + " certificate(s) from " + pemFile, factory.getTrustManagers());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot build a trust store", e);
        }
    }

    /**
     * Trusts exactly the server certificate whose DER encoding has this SHA-256: 64 hex digits, upper or
     * lower case, optionally separated by colons (as {@code openssl x509 -fingerprint -sha256} prints it).
     *
     * @throws IllegalArgumentException when the fingerprint is not 32 bytes of hex
     */
    public static ServerTrust pinnedSha256(String fingerprint) {
        byte[] pin = parseFingerprint(fingerprint);
        return new ServerTrust("certificate pinned by SHA-256",
                new TrustManager[] {new PinnedCertificateTrustManager(pin)});
    }

    static byte[] parseFingerprint(String fingerprint) {
        if (fingerprint == null) {
            throw new IllegalArgumentException("no SHA-256 fingerprint given");
        }
        String hex = fingerprint.strip().replace(":", "");
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
            throw new IllegalArgumentException("a SHA-256 fingerprint is 64 hex digits (colons allowed between pairs)");
        }
        return HexFormat.of().parseHex(hex.toLowerCase(java.util.Locale.ROOT));
    }

    /** A fresh TLS context for this trust decision. */
    SSLContext sslContext() {
        try {
            if (trustManagers == null) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS", e);
        }
    }

    @Override
    public String toString() {
        return "ServerTrust[" + description + "]";
    }
}
