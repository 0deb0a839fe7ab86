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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher and uber-jar, as {@code ./bkv up} runs them: first boot of a fresh data
 * directory, a restart on the same directory, and the mistakes that must stop start-up cleanly.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {

    private static final Duration BOOT_TIMEOUT = Duration.ofMinutes(8);
    private static final Pattern KEY_LINE = Pattern.compile("bkv up: HSM (bkv-[a-z0-9-]+) (\\S+) (\\S+)");
    private static final Pattern TOKEN_LINE = Pattern.compile("setup token  (\\S+)");

    @TempDir
    static Path temp;

    static Path data;
    static Map<String, String> firstBootKeys;
    static String firstSetupToken;

    @BeforeAll
    static void dataDirectory() {
        data = temp.resolve("data");
    }

    @AfterAll
    static void noApplianceLeftBehind() throws Exception {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            all.filter(p -> p.info().commandLine().orElse("").contains(temp.toString()))
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @Order(1)
    void firstBootCreatesTokenKeysDatabaseAndTlsThenServesHttpsOnly() throws Exception {
        int port = freePort();
        Run run = Run.start(data, "--https-port", Integer.toString(port));
        String out = run.awaitReady();
        assertThat(out).contains("created SoftHSM token 'bkv'");
        firstBootKeys = keys(out);
        assertThat(firstBootKeys).containsOnlyKeys("bkv-kek", "bkv-ake-p256", "bkv-id-mac", "bkv-audit");
        firstSetupToken = setupToken(out);

        assertThat(data.resolve("hsm/softhsm2.conf")).isRegularFile();
        assertThat(Files.readString(data.resolve("hsm/softhsm2.conf"))).contains(data.resolve("hsm/tokens").toString());
        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(data.resolve("hsm/user.pin"))).isEqualTo("rw-------");
        assertThat(permissions(data.resolve("tls/keystore.pass"))).isEqualTo("rw-------");
        assertThat(data.resolve("db/bkv.mv.db")).isRegularFile();

        HttpClient https = pinnedClient();
        HttpResponse<String> ready = https.send(get(port, "/health/ready"), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"hsm\"", "\"database\"");
        HttpResponse<String> appliance = https.send(get(port, "/api/v1/appliance"), HttpResponse.BodyHandlers.ofString());
        assertThat(appliance.body()).contains(firstBootKeys.get("bkv-ake-p256"), firstBootKeys.get("bkv-audit"));
        assertThat(appliance.headers().firstValue("Strict-Transport-Security")).isPresent();
        HttpResponse<String> live = https.send(get(port, "/health/live"), HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = https.send(get(port, "/metrics"), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).contains("# TYPE");
        HttpResponse<String> openapi = https.send(get(port, "/openapi"), HttpResponse.BodyHandlers.ofString());
        assertThat(openapi.body()).contains("/api/v1/appliance");
        HttpResponse<String> console = https.send(get(port, "/console/"), HttpResponse.BodyHandlers.ofString());
        assertThat(console.statusCode()).as("the console needs a sign-in").isEqualTo(302);
        assertThat(console.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/console/login.xhtml"));
        HttpResponse<String> login = https.send(get(port, "/console/login.xhtml"), HttpResponse.BodyHandlers.ofString());
        assertThat(login.body()).as("no administrator yet: the sign-in page offers first-run set-up")
                .contains("Create the first administrator");

        assertThat(listening(port + 0)).isTrue();
        run.stop();
        assertThat(run.exitCode()).isNotEqualTo(Preflight.EXIT_PREFLIGHT);
        assertThat(listening(port)).as("the appliance stopped with the launcher").isFalse();
        assertThat(data.resolve("run/system.properties")).doesNotExist();
    }

    @Test
    @Order(2)
    void secondBootReusesTheDataDirectorySameKeysNoNewToken() throws Exception {
        List<Path> tokensBefore = list(data.resolve("hsm/tokens"));
        int port = freePort();
        Run run = Run.start(data, "--https-port", Integer.toString(port));
        String out = run.awaitReady();
        assertThat(out).doesNotContain("first start").doesNotContain("created SoftHSM token");
        assertThat(keys(out)).isEqualTo(firstBootKeys);
        assertThat(list(data.resolve("hsm/tokens"))).isEqualTo(tokensBefore);
        assertThat(setupToken(out)).as("no administrator yet: a fresh token, the old one replaced").isNotEqualTo(firstSetupToken);
        run.stop();
    }

    @Test
    @Order(3)
    void wrongPinStopsStartupWithOneLineAndChangesNothing() throws Exception {
        Path wrongPin = temp.resolve("wrong.pin");
        Files.writeString(wrongPin, "000000\n");
        Map<String, String> before = snapshot(data);
        Run run = Run.start(data, "--https-port", Integer.toString(freePort()), "--pin-file", wrongPin.toString());
        assertThat(run.awaitExit()).isEqualTo(Preflight.EXIT_PREFLIGHT);
        assertThat(run.errorLines()).hasSize(1);
        assertThat(run.errorLines().get(0)).containsIgnoringCase("PIN").doesNotContain("000000");
        // The token itself records the failed login in its flags (CKF_USER_PIN_COUNT_LOW), as any
        // HSM counts wrong PINs; that file aside, nothing in the data directory changed.
        assertThat(withoutTokenState(snapshot(data))).isEqualTo(withoutTokenState(before));
    }

    @Test
    @Order(4)
    void wrongModulePathStopsStartupAndCreatesNothing() throws Exception {
        Path fresh = temp.resolve("fresh-module");
        Run run = Run.start(fresh, "--https-port", Integer.toString(freePort()), "--pkcs11-module", "/nonexistent/libpkcs11.so");
        assertThat(run.awaitExit()).isEqualTo(Preflight.EXIT_PREFLIGHT);
        assertThat(run.errorLines()).singleElement().asString().contains("/nonexistent/libpkcs11.so", "does not exist");
        assertThat(fresh).doesNotExist();
    }

    @Test
    @Order(5)
    void portInUseStopsStartupAndCreatesNothing() throws Exception {
        Path fresh = temp.resolve("fresh-port");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = Run.start(fresh, "--https-port", Integer.toString(taken.getLocalPort()));
            assertThat(run.awaitExit()).isEqualTo(Preflight.EXIT_PREFLIGHT);
            assertThat(run.errorLines()).singleElement().asString().contains("port " + taken.getLocalPort(), "in use");
        }
        assertThat(fresh).doesNotExist();
    }

    @Test
    @Order(6)
    void dataDirectoryThatCannotBeCreatedStopsStartup() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "x");
        Run run = Run.start(file.resolve("data"), "--https-port", Integer.toString(freePort()));
        assertThat(run.awaitExit()).isEqualTo(Preflight.EXIT_PREFLIGHT);
        assertThat(run.errorLines()).singleElement().asString().contains("is a file");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    @Order(7)
    void dataDirectoryNotWritableByTheUserStopsStartupAndChangesNothing() throws Exception {
        // root writes anywhere, so as root run the launcher as 'nobody' against root's 700 data
        // directory; as any other user take the directory's write permission away instead.
        Map<String, String> before = snapshot(data);
        boolean root = "root".equals(System.getProperty("user.name"));
        var permissions = Files.getPosixFilePermissions(data);
        if (!root) {
            Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("r-x------"));
        }
        try {
            Run run = root ? Run.startAs("nobody", data, "--https-port", Integer.toString(freePort()))
                    : Run.start(data, "--https-port", Integer.toString(freePort()));
            assertThat(run.awaitExit()).isEqualTo(Preflight.EXIT_PREFLIGHT);
            assertThat(run.errorLines()).singleElement().asString().contains("not writable");
        } finally {
            Files.setPosixFilePermissions(data, permissions);
        }
        assertThat(snapshot(data)).isEqualTo(before);
    }

    @Test
    @Order(8)
    void helpListsTheOptions() throws Exception {
        Run run = Run.start(temp.resolve("unused"), "--help");
        assertThat(run.awaitExit()).isZero();
        assertThat(run.output()).contains("--data", "--https-port", "--bind", "--pkcs11-module", "--token-label",
                "--pin-file", "--db-url");
    }

    // ---------------------------------------------------------------------------------------

    /** One launcher process with its output collected. */
    static final class Run {
        private final Process process;
        private final StringBuffer out = new StringBuffer();
        private final StringBuffer err = new StringBuffer();

        private Run(Process process) {
            this.process = process;
            pump(process.getInputStream(), out);
            pump(process.getErrorStream(), err);
        }

        static Run start(Path dataDir, String... args) throws IOException {
            return startAs(null, dataDir, args);
        }

        static Run startAs(String user, Path dataDir, String... args) throws IOException {
            List<String> command = new ArrayList<>();
            if (user != null) {
                command.addAll(List.of("runuser", "-u", user, "--"));
            }
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", System.getProperty("bkv.launcher.jar"), "--data", dataDir.toString()));
            command.addAll(List.of(args));
            return new Run(new ProcessBuilder(command).start());
        }

        String awaitReady() throws InterruptedException {
            Instant deadline = Instant.now().plus(BOOT_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                if (out.indexOf("BKV appliance ready") >= 0) {
                    Thread.sleep(200); // the rest of the banner
                    return out.toString();
                }
                if (!process.isAlive()) {
                    throw new AssertionError("launcher exited " + process.exitValue() + ":\n" + err + "\n" + tail());
                }
                Thread.sleep(250);
            }
            process.destroyForcibly();
            throw new AssertionError("not ready within " + BOOT_TIMEOUT + ":\n" + err + "\n" + tail());
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("launcher did not exit:\n" + out + err);
            }
            Thread.sleep(100);
            return process.exitValue();
        }

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM, as Ctrl-C or systemd would
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("launcher stops on SIGTERM").isTrue();
        }

        int exitCode() {
            return process.exitValue();
        }

        String output() {
            return out.toString();
        }

        List<String> errorLines() {
            return err.toString().lines().filter(l -> !l.isBlank()).toList();
        }

        private String tail() {
            String all = out.toString();
            return all.substring(Math.max(0, all.length() - 6000));
        }

        private static void pump(InputStream in, StringBuffer into) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try (in) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    into.append("\n[output lost: ").append(e).append("]\n");
                }
            });
            t.setDaemon(true);
            t.start();
        }
    }

    private static Map<String, String> keys(String out) {
        Map<String, String> keys = new TreeMap<>();
        Matcher m = KEY_LINE.matcher(out);
        while (m.find()) {
            keys.put(m.group(1), m.group(3));
        }
        return keys;
    }

    private static String setupToken(String out) {
        Matcher m = TOKEN_LINE.matcher(out);
        assertThat(m.find()).as("a setup token is printed").isTrue();
        return m.group(1);
    }

    private static HttpClient pinnedClient() throws Exception {
        return pinnedClient(data);
    }

    /** An HTTPS client that trusts exactly the appliance certificate in {@code dataDir}'s TLS key store. */
    static HttpClient pinnedClient(Path dataDir) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dataDir.resolve("tls/keystore.p12"))) {
            store.load(in, Files.readString(dataDir.resolve("tls/keystore.pass")).strip().toCharArray());
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

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String permissions(Path p) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static Map<String, String> withoutTokenState(Map<String, String> snapshot) {
        Map<String, String> copy = new TreeMap<>(snapshot);
        copy.keySet().removeIf(name -> name.startsWith("hsm/tokens/") && name.endsWith("/token.object"));
        assertThat(copy.size()).isEqualTo(snapshot.size() - 1);
        return copy;
    }

    /** Every file under the directory with its SHA-256: "changes nothing" made checkable. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                try {
                    files.put(root.relativize(p).toString(),
                            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return files;
    }
}
