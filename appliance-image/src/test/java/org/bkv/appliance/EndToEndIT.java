package org.bkv.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.awaitility.Awaitility;

/**
 * The appliance as a deployment runs it — the real launcher and uber-jar on a fresh data directory, SoftHSM, H2,
 * HTTPS with its self-signed certificate — driven from outside over the API.
 */
class EndToEndIT {

    @TempDir
    static Path temp;

    static Path data;
    static int port;
    static LauncherIT.Run appliance;
    static HttpClient https;

    @BeforeAll
    static void bootTheAppliance() throws Exception {
        data = temp.resolve("data");
        port = freePort();
        appliance = LauncherIT.Run.start(data, "--https-port", String.valueOf(port));
        appliance.awaitReady();
        https = pinnedClient();
    }

    @AfterAll
    static void stopTheAppliance() throws Exception {
        if (appliance != null) {
            appliance.stop();
        }
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.filter(p -> p.info().commandLine().orElse("").contains(temp.toString()))
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Fail closed: with the token gone (its files moved away under the running appliance) a guess cannot be served:
     * 503 with Retry-After and readiness DOWN, nothing counted. Put back, the appliance reconnects by itself.
     */
    @Test
    void hsmOutageAnswers503WithRetryAfterAndTheApplianceRecovers() throws Exception {
        Path tokens = data.resolve("hsm/tokens");
        Path away = data.resolve("hsm/tokens.away");
        assertThat(post("/api/v1/vault/logins", loginStart()).statusCode()).isEqualTo(200);
        Files.move(tokens, away);
        try {
            HttpResponse<String> refused = post("/api/v1/vault/logins", loginStart());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains("\"code\":\"service-unavailable\"");
            assertThat(get("/health/ready").statusCode()).isEqualTo(503);
        } finally {
            Files.move(away, tokens);
        }
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                .until(() -> get("/health/ready").statusCode() == 200);
        assertThat(post("/api/v1/vault/logins", loginStart()).statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A well-formed P-256 KE1 for an identifier nobody registered: the appliance answers with a fake KE2. */
    private static String loginStart() {
        String generator = "036B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296";
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        String ke1 = org.bkv.opaque.Base64Url.encode(HexFormat.of().parseHex(generator + HexFormat.of().formatHex(nonce) + generator));
        return "{\"identifier\":\"nobody-" + System.nanoTime() + "@example.org\",\"suite\":\"P256-SHA256\",\"ke1\":\"" + ke1 + "\"}";
    }

    static HttpResponse<String> post(String path, String json) throws Exception {
        return https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient pinnedClient() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(data.resolve("tls/keystore.p12"))) {
            store.load(in, Files.readString(data.resolve("tls/keystore.pass")).strip().toCharArray());
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("appliance", store.getCertificate("bkv-tls"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
