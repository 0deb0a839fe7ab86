package org.bkv.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.stream.Stream;
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
        https = LauncherIT.pinnedClient(data);
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
     * 503 with Retry-After and readiness DOWN. SoftHSM keeps the session copies of the keys in memory, so calls may be
     * served until the pool's token watch notices (it reads a token object every 200 ms; see docs/OPERATIONS.md): the
     * first 503 must come within 2 s, and from then on every call is refused. Put back, the appliance reconnects.
     */
    @Test
    void hsmOutageAnswers503WithRetryAfterAndTheApplianceRecovers() throws Exception {
        Path tokens = data.resolve("hsm/tokens");
        Path away = data.resolve("hsm/tokens.away");
        assertThat(post("/api/v1/vault/logins", loginStart()).statusCode()).isEqualTo(200);
        Files.move(tokens, away);
        try {
            long noticedBy = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (post("/api/v1/vault/logins", loginStart()).statusCode() != 503 && System.nanoTime() < noticedBy) {
                Thread.sleep(20);
            }
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

    /**
     * Issue 6, proof 1: a device makes a key, backs up 200 MiB and escrows the key under a password; a new device
     * with nothing but the identifier and the password recovers the key and restores the file, byte for byte; a
     * third device restores it from the 64-digit key alone. A wrong password is exit 8 and does not open anything.
     */
    @Test
    void backupEscrowRecoverRestoreOnANewDeviceIsByteIdentical() throws Exception {
        Path deviceA = Files.createDirectories(temp.resolve("device-a"));
        Path deviceB = Files.createDirectories(temp.resolve("device-b"));
        Path deviceC = Files.createDirectories(temp.resolve("device-c"));
        Path original = deviceA.resolve("photos.tar");
        writePseudoRandom(original, 200L * 1024 * 1024);
        Path password = Files.writeString(temp.resolve("password"), "correct horse battery staple ✓\n");
        Path wrongPassword = Files.writeString(temp.resolve("wrong-password"), "Correct horse battery staple ✓\n");

        assertThat(cli(deviceA, "keygen", "--out", "backup.key").exit()).isZero();
        Cli backup = cli(deviceA, "backup", server(), pin(), "--key-file", "backup.key", "photos.tar");
        assertThat(backup.exit()).as(backup.toString()).isZero();
        Cli escrow = cli(deviceA, "escrow", server(), pin(), "--identifier", "alice@example.org", "--key-file", "backup.key",
                "--password-file", password.toString(), "--ksf", "test-only");
        assertThat(escrow.exit()).as(escrow.toString()).isZero();

        Cli wrong = cli(deviceB, "recover", server(), pin(), "--identifier", "alice@example.org",
                "--password-file", wrongPassword.toString(), "--ksf", "test-only", "--out", "backup.key");
        assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(8);
        assertThat(wrong.err()).contains("wrong password");
        assertThat(deviceB.resolve("backup.key")).doesNotExist();

        Cli recover = cli(deviceB, "recover", server(), pin(), "--identifier", "alice@example.org",
                "--password-file", password.toString(), "--ksf", "test-only", "--out", "backup.key");
        assertThat(recover.exit()).as(recover.toString()).isZero();
        assertThat(Files.readString(deviceB.resolve("backup.key"))).isEqualTo(Files.readString(deviceA.resolve("backup.key")));
        Cli restore = cli(deviceB, "restore", server(), pin(), "--key-file", "backup.key", "photos.tar");
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(sha256(deviceB.resolve("photos.tar"))).isEqualTo(sha256(original));

        String digits = Files.readString(deviceA.resolve("backup.key")).strip();
        assertThat(digits).matches("([0-9a-f]{4} ){15}[0-9a-f]{4}");
        Cli fromDigits = cli(deviceC, Map.of("BKV_KEY", digits), "restore", server(), pin(), "--key-env", "BKV_KEY", "photos.tar");
        assertThat(fromDigits.exit()).as(fromDigits.toString()).isZero();
        assertThat(sha256(deviceC.resolve("photos.tar"))).isEqualTo(sha256(original));
    }

    // ---------------------------------------------------------------------------------------------------------------

    record Cli(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    static Cli cli(Path workDir, String... args) throws Exception {
        return cli(workDir, Map.of(), args);
    }

    /** Runs the shipped client jar as a user would run {@code bkv}, in {@code workDir}. */
    static Cli cli(Path workDir, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("bkv.client.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("cli.out").toFile()).redirectError(workDir.resolve("cli.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bkv " + String.join(" ", args) + " did not finish");
        }
        return new Cli(process.exitValue(), Files.readString(workDir.resolve("cli.out")), Files.readString(workDir.resolve("cli.err")));
    }

    static String server() {
        return "--server=https://127.0.0.1:" + port;
    }

    static String pin() {
        Matcher m = Pattern.compile("TLS certificate SHA-256 (\\S+)").matcher(appliance.output());
        assertThat(m.find()).as("the banner prints the TLS certificate fingerprint").isTrue();
        return "--pin-sha256=" + m.group(1);
    }

    /** A file of incompressible bytes, written fast (a seeded generator: the content does not matter, its size does). */
    static void writePseudoRandom(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        block[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
    }

    static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

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

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
