package org.bkv.web.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Issue 5 proof 4: the appliance (real WAR plus a test-only driver servlet, in a child Payara Micro) is killed with
 * SIGKILL at random points while 4 client threads run 500 registrations, recoveries and wrong guesses; it restarts on
 * the same SoftHSM token and H2 files each time. Then: no record is half written, no attempt counter went down, every
 * operation the client saw succeed is there (and recovers), and every committed change has its audit event.
 * Subclasses choose the database.
 */
abstract class VaultCrashScenario {

    /** The database the appliance under test uses (environment BKV_DB_*), and the test reads to check it. */
    record Db(String dataSourceClass, String url, String user, String password) {
    }

    /** The database of this run: H2 files ({@link VaultCrashSafetyIT}) or PostgreSQL ({@link VaultCrashSafetyPostgresIT}). */
    abstract Db db(Path dir);

    private static final int OPERATIONS = 500;
    private static final int THREADS = 4;
    private static final int ATTACKED = 4;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Path dir = Path.of("target/crash-" + getClass().getSimpleName()).toAbsolutePath();
    private final Map<String, String> committed = new ConcurrentHashMap<>();   // identifier -> password (client saw 200)
    private final Map<String, AtomicInteger> confirmedKe2 = new ConcurrentHashMap<>(); // attacked identifier -> KE2s seen
    private final AtomicInteger confirmedRecoveries = new AtomicInteger();
    private final AtomicInteger operations = new AtomicInteger();
    private final Map<String, Integer> lastAttempts = new ConcurrentHashMap<>();

    @Test
    void killedAtRandomPointsTheVaultLosesNothingCommittedAndHalfWritesNothing() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        TestDirs.deleteRecursively(dir);
        Files.createDirectories(dir);
        SoftHsmToken token = SoftHsmToken.create(dir.resolve("hsm"), "bkv-crash");
        token.writeUserPinFile(dir.resolve("hsm/user.pin"));
        File war = dir.resolve("bkv-crash.war").toFile();
        ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/bkv-web-console.war"))
                .addClasses(CrashDriverServlet.class, VaultClient.class, VaultClient.Login.class, org.bkv.web.api.Seal.class)
                .as(ZipExporter.class).exportTo(war, true);

        int boots = 0;
        Micro micro = Micro.start(dir, war, token, ++boots, db(dir));
        try {
            for (int i = 0; i < ATTACKED; i++) { // records that only ever get wrong guesses: their counters must only grow
                String id = "attacked-" + i + "-" + seed;
                assertThat(micro.post("/register", id, "pw", i % 2 == 0 ? "p" : "r")).isEqualTo(200);
                committed.put(id, "pw");
                confirmedKe2.put(id, new AtomicInteger());
                HttpResponse<String> recordId = HTTP.send(HttpRequest.newBuilder(micro.uri("/crash-driver/recordid", "id=" + id))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(recordId.statusCode()).isEqualTo(200);
                prefixes.put(id, recordId.body().substring(0, 8));
            }
            while (operations.get() < OPERATIONS) {
                int killAt = Math.min(OPERATIONS, operations.get() + 60 + random.nextInt(120));
                runUntil(micro, killAt, random.nextLong(), seed);
                if (operations.get() >= OPERATIONS) {
                    break;
                }
                micro.kill();
                micro = Micro.start(dir, war, token, ++boots, db(dir));
                checkCountersNeverWentDown();
            }
            checkCountersNeverWentDown();
            for (Map.Entry<String, String> e : committed.entrySet()) { // everything the client saw committed is there
                if (e.getKey().startsWith("attacked-")) {
                    continue; // those are under attack; they may be locked by now
                }
                String suite = e.getKey().endsWith("-r") ? "r" : "p";
                HttpResponse<String> r = micro.call("/recover", e.getKey(), e.getValue(), suite);
                assertThat(r.statusCode()).as("committed registration %s recovers", e.getKey()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(HexFormat.of().formatHex(CrashDriverServlet.backupKeyOf(e.getKey())));
            }
        } finally {
            micro.kill();
        }
        System.out.println("crash safety: seed " + seed + ", " + boots + " boots, " + operations.get() + " operations, "
                + committed.size() + " registrations committed");
        assertThat(boots).as("the appliance was killed at least twice").isGreaterThanOrEqualTo(3);

        try (Connection c = database()) {
            assertThat(count(c, "SELECT COUNT(*) FROM vault_record WHERE state = 'ACTIVE' AND (wrapped_oprf_key IS NULL"
                    + " OR oprf_public_key IS NULL OR sealed_record IS NULL OR sealed_backup_key IS NULL)"))
                    .as("no half-written record").isZero();
            assertThat(count(c, "SELECT COUNT(*) FROM vault_record r WHERE r.id NOT LIKE '~%' AND NOT EXISTS (SELECT 1"
                    + " FROM audit_event a WHERE a.event_type = 'RECORD_REGISTERED' AND a.subject = SUBSTRING(r.id, 1, 8))"))
                    .as("every stored record (decoy rows are none) has its registration event").isZero();
            assertThat(count(c, "SELECT COUNT(*) FROM audit_event WHERE event_type = 'RECORD_REGISTERED'"))
                    .isEqualTo(count(c, "SELECT COUNT(*) FROM vault_record WHERE id NOT LIKE '~%'"));
            assertThat(count(c, "SELECT COUNT(*) FROM vault_record WHERE id NOT LIKE '~%'")).isGreaterThanOrEqualTo(committed.size());
            assertThat(count(c, "SELECT COUNT(*) FROM vault_record WHERE id LIKE '~%' AND state = 'ACTIVE'"))
                    .as("the decoy rows survived every kill").isEqualTo(org.bkv.ejb.domain.vault.DecoyId.all().size());
            assertThat(count(c, "SELECT COUNT(*) FROM audit_event WHERE event_type = 'RECOVERY_SUCCEEDED'"))
                    .isGreaterThanOrEqualTo(confirmedRecoveries.get());
            for (String id : confirmedKe2.keySet()) {
                String prefix = recordPrefix(id);
                long attempts = count(c, "SELECT attempts FROM vault_record WHERE SUBSTRING(id, 1, 8) = '" + prefix + "'");
                assertThat(attempts).as("attempts of %s", id).isGreaterThanOrEqualTo(Math.min(10, confirmedKe2.get(id).get()));
                assertThat(count(c, "SELECT COUNT(*) FROM audit_event WHERE event_type = 'ATTEMPT_COUNTED' AND subject = '" + prefix + "'"))
                        .as("every counted attempt of %s has its event", id).isEqualTo(attempts);
            }
        }
    }

    private void runUntil(Micro micro, int killAt, long threadSeed, long seed) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(threadSeed + t);
                pool.submit(() -> {
                    while (operations.get() < killAt) {
                        int n = operations.incrementAndGet();
                        try {
                            operation(micro, random, seed, n);
                        } catch (IOException | InterruptedException e) {
                            return; // the process is being killed
                        }
                    }
                });
            }
        } finally {
            pool.shutdown();
            // Kill while requests are still in flight: wait only until the count is reached, not for the threads.
            while (operations.get() < killAt && !pool.isTerminated()) {
                Thread.sleep(20);
            }
        }
        if (operations.get() >= OPERATIONS) {
            pool.awaitTermination(300, TimeUnit.SECONDS);
        }
    }

    private void operation(Micro micro, Random random, long seed, int n) throws IOException, InterruptedException {
        int kind = random.nextInt(100);
        List<String> known = new ArrayList<>(committed.keySet());
        known.removeIf(k -> k.startsWith("attacked-"));
        if (kind < 50 || known.isEmpty()) {
            String suite = random.nextBoolean() ? "p" : "r";
            String id = "user-" + seed + "-" + n + "-" + suite;
            String pw = "pw-" + random.nextInt(1000);
            if (micro.post("/register", id, pw, suite) == 200) {
                committed.put(id, pw);
            }
        } else if (kind < 80) {
            String id = known.get(random.nextInt(known.size()));
            HttpResponse<String> r = micro.call("/recover", id, committed.get(id), id.endsWith("-r") ? "r" : "p");
            if (r.statusCode() == 200) {
                confirmedRecoveries.incrementAndGet();
            }
        } else {
            int which = random.nextInt(ATTACKED);
            String id = "attacked-" + which + "-" + seed;
            if (micro.post("/guess", id, "x", which % 2 == 0 ? "p" : "r") == 200) {
                confirmedKe2.get(id).incrementAndGet();
            }
        }
    }

    private void checkCountersNeverWentDown() throws Exception {
        try (Connection c = database()) {
            for (String id : confirmedKe2.keySet()) {
                String prefix = recordPrefix(id);
                int attempts = (int) count(c, "SELECT attempts FROM vault_record WHERE SUBSTRING(id, 1, 8) = '" + prefix + "'");
                Integer before = lastAttempts.put(id, attempts);
                assertThat(attempts).as("counter of %s after a restart", id).isGreaterThanOrEqualTo(before == null ? 0 : before);
                assertThat(attempts).isGreaterThanOrEqualTo(Math.min(10, confirmedKe2.get(id).get()));
            }
        }
    }

    /** Record id prefixes of the attacked identifiers, asked once from the appliance (ids are HMACs in the HSM). */
    private final Map<String, String> prefixes = new ConcurrentHashMap<>();

    private String recordPrefix(String identifier) {
        return prefixes.get(identifier);
    }

    private Connection database() throws Exception {
        Db db = db(dir);
        return DriverManager.getConnection(db.url(), db.user(), db.password());
    }

    private static long count(Connection c, String sql) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getLong(1);
        }
    }

    /** One Payara Micro child process with the crash WAR, on a free port. */
    private record Micro(Process process, int port) {

        static Micro start(Path dir, File war, SoftHsmToken token, int boot, Db db) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m", "-jar", "target/payara-micro.jar", "--deploy", war.getPath() + ":/", "--port", Integer.toString(port),
                    "--nohazelcast", "--disablephonehome", "--prebootcommandfile", "src/test/resources/loopback.asadmin")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("micro-" + boot + ".log").toFile());
            Map<String, String> env = pb.environment();
            env.put("SOFTHSM2_CONF", token.confPath().toString());
            env.put("BKV_HSM_MODULE", "/usr/lib/softhsm/libsofthsm2.so");
            env.put("BKV_HSM_TOKENLABEL", "bkv-crash");
            env.put("BKV_HSM_PINFILE", dir.resolve("hsm/user.pin").toString());
            env.put("BKV_DB_DATASOURCECLASS", db.dataSourceClass());
            env.put("BKV_DB_URL", db.url());
            env.put("BKV_DB_USER", db.user());
            env.put("BKV_DB_PASSWORD", db.password());
            env.remove("BKV_SETUPTOKENFILE");
            Micro micro = new Micro(pb.start(), port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (System.nanoTime() < deadline) {
                if (!micro.process.isAlive()) {
                    throw new IllegalStateException("Payara Micro exited during boot " + boot + ": see " + dir.resolve("micro-" + boot + ".log"));
                }
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(micro.uri("/crash-driver/ready", ""))
                            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        return micro;
                    }
                } catch (IOException notYet) {
                    // still booting
                }
                Thread.sleep(500);
            }
            micro.kill();
            throw new IllegalStateException("Payara Micro not ready within 300 s (boot " + boot + ")");
        }

        URI uri(String path, String query) {
            return URI.create("http://127.0.0.1:" + port + path + (query.isEmpty() ? "" : "?" + query));
        }

        int post(String op, String id, String pw, String suite) throws IOException, InterruptedException {
            return call(op, id, pw, suite).statusCode();
        }

        HttpResponse<String> call(String op, String id, String pw, String suite) throws IOException, InterruptedException {
            String query = "id=" + id + "&pw=" + pw + "&suite=" + suite;
            return HTTP.send(HttpRequest.newBuilder(uri("/crash-driver" + op, query)).timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** SIGKILL: no shutdown hook, no @PreDestroy, no commit of anything in flight. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
