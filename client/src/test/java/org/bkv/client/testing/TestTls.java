package org.bkv.client.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway self-signed server certificate for the test fake, made once per test JVM with the JDK's
 * keytool: EC P-256, subject CN=localhost, SAN DNS:localhost only (no IP address, so CA-mode trust of
 * {@code https://127.0.0.1} fails host name verification, as it must).
 */
public final class TestTls {

    private static final char[] PASSWORD = "test-only".toCharArray();
    private static TestTls instance;

    private final Path certificatePem;
    private final SSLContext serverContext;
    private final String sha256Fingerprint;

    private TestTls(Path certificatePem, SSLContext serverContext, String sha256Fingerprint) {
        this.certificatePem = certificatePem;
        this.serverContext = serverContext;
        this.sha256Fingerprint = sha256Fingerprint;
    }

    public static synchronized TestTls get() {
        if (instance == null) {
            try {
                instance = create();
            } catch (Exception e) {
                throw new IllegalStateException("cannot make the test certificate with keytool", e);
            }
        }
        return instance;
    }

    private static TestTls create() throws Exception {
        Path dir = Files.createTempDirectory("bkv-test-tls");
        dir.toFile().deleteOnExit();
        Path keystore = dir.resolve("server.p12");
        Path pem = dir.resolve("server.pem");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keystore.toString(),
                "-storepass", new String(PASSWORD), "-file", pem.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        X509Certificate certificate = (X509Certificate) store.getCertificate("server");
        String fingerprint = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        for (Path file : List.of(keystore, pem)) {
            file.toFile().deleteOnExit();
        }
        return new TestTls(pem, context, fingerprint);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool failed: " + new String(output, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** The server certificate as PEM: what {@code --ca-file} takes. */
    public Path certificatePem() {
        return certificatePem;
    }

    /** SHA-256 of the certificate, colon-separated upper-case hex: what {@code --pin-sha256} takes. */
    public String sha256Fingerprint() {
        return sha256Fingerprint;
    }

    public SSLContext serverContext() {
        return serverContext;
    }
}
