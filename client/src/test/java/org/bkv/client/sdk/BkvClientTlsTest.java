package org.bkv.client.sdk;

import org.bkv.client.key.BackupKey;
import org.bkv.client.testing.FakeAppliance;
import org.bkv.client.testing.TestTls;
import org.bkv.opaque.KsfProfile;
import org.bkv.opaque.Suite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Trust modes: pinned fingerprint (IP address URI), CA file with host name verification, failures. */
class BkvClientTlsTest {

    private FakeAppliance fake;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeAppliance();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void pinnedFingerprintWorksWithAnIpAddressUri() throws Exception {
        recoverThrough(BkvClient.builder(fake.ipUri()).trust(ServerTrust.pinnedSha256(TestTls.get().sha256Fingerprint())));
    }

    @Test
    void pinAcceptsLowerCaseWithoutColons() throws Exception {
        String plain = TestTls.get().sha256Fingerprint().replace(":", "").toLowerCase(java.util.Locale.ROOT);
        recoverThrough(BkvClient.builder(fake.uri()).trust(ServerTrust.pinnedSha256(plain)));
    }

    @Test
    void anotherCertificateThanThePinnedOneIsRefused() {
        String wrong = "00".repeat(32);
        BkvClient bkv = BkvClient.builder(fake.ipUri()).trust(ServerTrust.pinnedSha256(wrong)).build();
        ServerCertificateException refused = catchThrowableOfType(ServerCertificateException.class,
                () -> bkv.escrow("alice", "pw".toCharArray(), BackupKey.generate(), Suite.P256_SHA256));
        assertThat(refused.pinMismatch()).isTrue();
        assertThat(refused.getMessage())
                .startsWith("the appliance's certificate does not match the pinned fingerprint")
                .contains(TestTls.get().sha256Fingerprint());
        assertThat(fake.requests()).as("nothing reaches the server").isEmpty();
    }

    @Test
    void caFileTrustWithAMatchingHostName() throws Exception {
        recoverThrough(BkvClient.builder(fake.uri()).trust(ServerTrust.certificatesFrom(TestTls.get().certificatePem())));
    }

    @Test
    void caFileTrustStillVerifiesTheHostName() throws Exception {
        BkvClient bkv = BkvClient.builder(fake.ipUri())
                .trust(ServerTrust.certificatesFrom(TestTls.get().certificatePem())).build();
        ServerCertificateException refused = catchThrowableOfType(ServerCertificateException.class,
                () -> bkv.escrow("alice", "pw".toCharArray(), BackupKey.generate(), Suite.P256_SHA256));
        assertThat(refused.pinMismatch()).isFalse();
        assertThat(refused.getMessage()).contains("not trusted");
    }

    @Test
    void systemTrustRefusesTheSelfSignedCertificate() {
        BkvClient bkv = BkvClient.builder(fake.uri()).build();
        assertThatThrownBy(() -> bkv.escrow("alice", "pw".toCharArray(), BackupKey.generate(), Suite.P256_SHA256))
                .isInstanceOf(ServerCertificateException.class);
    }

    @Test
    void nothingListeningIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        BkvClient bkv = BkvClient.builder(URI.create("https://127.0.0.1:" + port))
                .trust(ServerTrust.pinnedSha256(TestTls.get().sha256Fingerprint()))
                .connectTimeout(Duration.ofSeconds(2)).build();
        ServerUnreachableException unreachable = catchThrowableOfType(ServerUnreachableException.class,
                () -> bkv.recover("alice", "pw".toCharArray(), Suite.P256_SHA256));
        assertThat(unreachable).isNotInstanceOf(ServerCertificateException.class);
        assertThat(unreachable.getMessage()).contains("cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void aPlainHttpPortIsUnreachableNotACertificateProblem() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (java.net.Socket socket = plain.accept()) {
                    socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            answer.start();
            BkvClient bkv = BkvClient.builder(URI.create("https://127.0.0.1:" + plain.getLocalPort()))
                    .trust(ServerTrust.pinnedSha256(TestTls.get().sha256Fingerprint())).build();
            ServerUnreachableException unreachable = catchThrowableOfType(ServerUnreachableException.class,
                    () -> bkv.recover("alice", "pw".toCharArray(), Suite.P256_SHA256));
            answer.join(10_000);
            assertThat(unreachable).isNotInstanceOf(ServerCertificateException.class);
            assertThat(unreachable.getMessage()).contains("is this the appliance's HTTPS port?");
        }
    }

    @Test
    void malformedPinsAndUrisAreRefusedUpFront() {
        assertThatThrownBy(() -> ServerTrust.pinnedSha256("ab:cd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerTrust.pinnedSha256("zz".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BkvClient.builder(URI.create("http://127.0.0.1:8080")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
    }

    private void recoverThrough(BkvClient.Builder builder) throws Exception {
        BkvClient bkv = builder.ksf(KsfProfile.TEST_ONLY.ksf()).build();
        BackupKey key = BackupKey.generate();
        bkv.escrow("alice", "pw".toCharArray(), key, Suite.P256_SHA256);
        assertThat(bkv.recover("alice", "pw".toCharArray(), Suite.P256_SHA256).backupKey()).isEqualTo(key);
    }
}
