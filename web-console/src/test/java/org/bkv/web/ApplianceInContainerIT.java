package org.bkv.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJB;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.bkv.ejb.application.ApplianceStatus;
import org.bkv.hsm.HsmKey;
import org.bkv.hsm.KeyInventory;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real WAR in a real Payara Micro, its EJBs talking to a real SoftHSM token and H2 database.
 * In-container assertions use JUnit's own (AssertJ is not inside the deployed WAR).
 */
@ExtendWith(ArquillianExtension.class)
class ApplianceInContainerIT {

    @EJB
    private ApplianceStatus status;

    @ArquillianResource
    private URL base;

    @jakarta.annotation.Resource(lookup = "java:app/jdbc/bkv")
    private javax.sql.DataSource dataSource;

    /**
     * Runs in the test JVM before Payara Micro needs the token: a fresh SoftHSM token and an empty
     * database directory where failsafe's environment (pom.xml) points the appliance.
     */
    @Deployment
    static WebArchive appliance() {
        Path hsmDir = Path.of(System.getProperty("bkv.it.hsmDir"));
        Path dbDir = Path.of(System.getProperty("bkv.it.dbDir"));
        deleteRecursively(hsmDir);
        deleteRecursively(dbDir);
        try {
            SoftHsmToken.create(hsmDir, "bkv-it").writeUserPinFile(hsmDir.resolve("user.pin"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the test's SoftHSM token", e);
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/bkv-web-console.war"));
    }

    @Test
    void hsmSelfTestPassesAgainstTheRealToken() {
        assertEquals(Optional.empty(), status.hsmProblem());
    }

    @Test
    void startupCreatedEveryDesignKeyInTheToken() {
        KeyInventory inventory = status.keyInventory();
        assertTrue(inventory.complete(), () -> "missing keys: " + inventory.missing());
        assertTrue(inventory.require(HsmKey.AKE_P256).publicKeySpki().isPresent());
        assertTrue(inventory.require(HsmKey.AUDIT).publicKeySpki().isPresent());
    }

    @Test
    void databaseAnswersAfterFlywayMigration() {
        assertEquals(Optional.empty(), status.databaseProblem());
    }

    /**
     * H2 closes its database when a write fails (a full disk did that; see docs/OPERATIONS.md): every pooled
     * connection is dead then. The pool validates connections (at most every 5 s) and replaces them all, so the
     * appliance answers again without a restart, with its data.
     */
    @Test
    void aDatabaseThatClosedUnderThePoolIsServedAgainWithoutARestart() throws Exception {
        long decoys = decoyRows();
        try (java.sql.Connection connection = dataSource.getConnection();
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        }
        long until = System.nanoTime() + 60_000_000_000L;
        Optional<String> problem = status.databaseProblem();
        while (problem.isPresent() && System.nanoTime() < until) {
            Thread.sleep(500);
            problem = status.databaseProblem();
        }
        assertEquals(Optional.empty(), problem, "the database answers again");
        assertEquals(decoys, decoyRows(), "and holds what it held");
        assertTrue(decoys >= 32, "decoy rows: " + decoys);
    }

    private long decoyRows() throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection();
             java.sql.Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM vault_record WHERE id LIKE '~decoy~%'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    @RunAsClient
    void readinessIsUpWithTheApplianceChecks() throws Exception {
        URI readiness = URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/health/ready");
        HttpResponse<String> ready = get(readiness);
        // Not ready for the few seconds the OPAQUE warm-up takes after deployment, and says so.
        for (long until = System.nanoTime() + 120_000_000_000L; ready.statusCode() == 503 && System.nanoTime() < until; ) {
            assertTrue(ready.body().contains("warming up the OPAQUE code"), ready.body());
            Thread.sleep(200);
            ready = get(readiness);
        }
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"hsm\"") && ready.body().contains("\"database\"")
                && ready.body().contains("\"warm-up\""), ready.body());
    }

    @Test
    void setupTokenFileHoldsTheTokenWhoseHashIsTheOnlyUnspentOneStored() throws Exception {
        Path tokenFile = Path.of(System.getenv("BKV_SETUPTOKENFILE"));
        byte[] token = Files.readAllBytes(tokenFile);
        assertTrue(new String(token, java.nio.charset.StandardCharsets.US_ASCII).matches("([0-9a-f]{4}-){9}[0-9a-f]{4}"),
                "setup token has the documented shape");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        byte[] expectedHash = java.security.MessageDigest.getInstance("SHA-256").digest(token);
        try (java.sql.Connection c = dataSource.getConnection();
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT token_hash FROM setup_token WHERE spent_at IS NULL")) {
            assertTrue(rs.next(), "an unspent setup token is stored");
            assertTrue(java.util.Arrays.equals(expectedHash, rs.getBytes(1)), "only the token's SHA-256 is stored");
            assertTrue(!rs.next(), "exactly one unspent setup token");
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
