package org.bkv.web.api.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bkv.client.audit.AuditPublicKey;
import org.bkv.client.audit.ExportProblem;
import org.bkv.client.audit.ExportVerification;
import org.bkv.client.audit.ExportVerifier;
import org.bkv.client.audit.MerkleProofVerifier;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The auditor API end to end: the real WAR in Payara Micro, the sequencer signing with bkv-audit in a real SoftHSM
 * token, the H2 database. Audited changes (policy changes) become leaves; over HTTP an auditor gets the public key,
 * the latest signed head, proofs that the client's verifier accepts, and exports that `bkv audit verify` accepts; a
 * row altered in the database makes the next export fail at that entry. The token's SHA-256 is in failsafe's
 * environment (BKV_AUDIT_TOKEN_SHA256). Runs as a client; {@link AuditDriverServlet} acts inside the appliance.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditApiH2IT {

    /** The test token; only its SHA-256 is configured (web-console/pom.xml). */
    static final String TOKEN = "bkv-it-audit-token";
    private static final int CHANGES = 40;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The leaf of the first policy change: the appliance's own start-up events (decoy rows created) come before. */
    private static long firstChange = -1;

    @ArquillianResource
    URL base;

    @Deployment
    static WebArchive appliance() {
        Path hsmDir = Path.of(System.getProperty("bkv.it.hsmDir"));
        deleteRecursively(hsmDir);
        deleteRecursively(Path.of(System.getProperty("bkv.it.dbDir")));
        try {
            SoftHsmToken.create(hsmDir, "bkv-it").writeUserPinFile(hsmDir.resolve("user.pin"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the test's SoftHSM token", e);
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/bkv-web-console.war"))
                .addClass(AuditDriverServlet.class);
    }

    // ---- audited changes become signed leaves (driven inside the appliance) -----------------------------------------

    @Test
    @Order(1)
    void auditedChangesBecomeLeavesUnderASignedHead() throws Exception {
        HttpResponse<String> r = post("/audit-driver/changes?n=" + CHANGES);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String[] sizeUnsignedProblem = r.body().split(" ", 3);
        assertThat(Long.parseLong(sizeUnsignedProblem[0])).isGreaterThanOrEqualTo(CHANGES);
        firstChange = Long.parseLong(sizeUnsignedProblem[0]) - CHANGES;
        assertThat(sizeUnsignedProblem[1]).as("events no head covers").isEqualTo("0");
        assertThat(sizeUnsignedProblem[2]).as("signing problem").isEqualTo("none");

        HttpResponse<String> status = get("/api/v1/audit/status", "Bearer " + TOKEN);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"unsignedEvents\":0").doesNotContain("\"problem\":\"");
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(base.getProtocol() + "://" + base.getHost()
                + ":" + base.getPort() + "/health/ready")).GET().build();
        HttpResponse<String> ready = HTTP.send(readiness, HttpResponse.BodyHandlers.ofString());
        for (long until = System.nanoTime() + 120_000_000_000L; // the OPAQUE warm-up may still run after deployment
             ready.body().contains("warming up the OPAQUE code") && System.nanoTime() < until; ) {
            Thread.sleep(200);
            ready = HTTP.send(readiness, HttpResponse.BodyHandlers.ofString());
        }
        assertThat(ready.body()).contains("\"name\":\"audit\"");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    }

    // ---- over HTTP, as an auditor -----------------------------------------------------------------------------------

    @Test
    @Order(2)
    void theAuditKeyIsPublicWithItsFingerprint() throws Exception {
        HttpResponse<String> key = get("/api/v1/audit/key", null);
        assertThat(key.statusCode()).isEqualTo(200);
        AuditPublicKey parsed = AuditPublicKey.fromPem(json(key.body(), "publicKeyPem").replace("\\n", "\n"));
        assertThat(json(key.body(), "fingerprint")).isEqualTo(parsed.fingerprint());
    }

    @Test
    @Order(3)
    void everythingButTheKeyNeedsTheAuditToken() throws Exception {
        for (String path : List.of("/api/v1/audit/tree-heads/latest", "/api/v1/audit/status",
                "/api/v1/audit/proofs/inclusion?index=0&treeSize=1",
                "/api/v1/audit/proofs/consistency?from=1&to=2", "/api/v1/audit/export?from=0&to=1")) {
            for (String authorization : new String[] {null, "Bearer wrong-token", "Basic " + TOKEN, "Bearer "}) {
                HttpResponse<String> r = get(path, authorization);
                assertThat(r.statusCode()).as("%s with %s", path, authorization).isEqualTo(401);
                assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(w -> assertThat(w).startsWith("Bearer"));
                assertThat(r.body()).contains("\"status\":401", "\"code\":\"unauthorized\"").doesNotContain(TOKEN);
            }
        }
    }

    @Test
    @Order(4)
    void theLatestHeadIsSignedByTheAuditKey() throws Exception {
        AuditPublicKey key = auditKey();
        HttpResponse<String> latest = get("/api/v1/audit/tree-heads/latest", "Bearer " + TOKEN);
        assertThat(latest.statusCode()).isEqualTo(200);
        long size = Long.parseLong(json(latest.body(), "size"));
        assertThat(size).isGreaterThanOrEqualTo(CHANGES);
        byte[] signed = ByteBuffer.allocate(59).put("BKV-STH-v1\0".getBytes(StandardCharsets.US_ASCII)).putLong(size)
                .put(b64(json(latest.body(), "rootHash"))).putLong(Long.parseLong(json(latest.body(), "timestamp"))).array();
        assertThat(key.verifies(signed, b64(json(latest.body(), "signature")))).isTrue();
        signed[20] ^= 1;
        assertThat(key.verifies(signed, b64(json(latest.body(), "signature")))).as("a changed root does not verify").isFalse();
    }

    @Test
    @Order(5)
    void inclusionAndConsistencyProofsLeadToTheSignedRoots() throws Exception {
        HttpResponse<String> latest = get("/api/v1/audit/tree-heads/latest", "Bearer " + TOKEN);
        long size = Long.parseLong(json(latest.body(), "size"));
        byte[] root = b64(json(latest.body(), "rootHash"));
        for (long index : new long[] {0, 5, size / 2, size - 1}) {
            HttpResponse<String> proof = get("/api/v1/audit/proofs/inclusion?index=" + index + "&treeSize=" + size, "Bearer " + TOKEN);
            assertThat(proof.statusCode()).as(proof.body()).isEqualTo(200);
            byte[] leafHash = b64(json(proof.body(), "leafHash"));
            assertThat(MerkleProofVerifier.verifyInclusion(index, size, leafHash, hashes(proof.body(), "auditPath"), root))
                    .as("inclusion of %d in %d", index, size).isTrue();
            assertThat(proof.body()).contains(index < firstChange ? "DECOY_ROW_CREATED" : "POLICY_CHANGED").doesNotContain("@");
        }
        HttpResponse<String> consistency = get("/api/v1/audit/proofs/consistency?from=10&to=" + size, "Bearer " + TOKEN);
        assertThat(consistency.statusCode()).isEqualTo(200);
        HttpResponse<String> inclusionAt10 = get("/api/v1/audit/proofs/inclusion?index=0&treeSize=10", "Bearer " + TOKEN);
        assertThat(inclusionAt10.statusCode()).isEqualTo(200);
        // The root of the tree of 10 leaves, rebuilt from leaf 0's path in it; the consistency proof must connect it.
        byte[] root10 = rootFromPath(b64(json(inclusionAt10.body(), "leafHash")), hashes(inclusionAt10.body(), "auditPath"));
        assertThat(MerkleProofVerifier.verifyConsistency(10, size, root10, root, hashes(consistency.body(), "proof"))).isTrue();
    }

    @Test
    @Order(6)
    void badParametersAre400AndSizesBeyondTheLog404() throws Exception {
        String auth = "Bearer " + TOKEN;
        for (String path : List.of("/api/v1/audit/proofs/inclusion?index=-1&treeSize=5", "/api/v1/audit/proofs/inclusion?index=x&treeSize=5",
                "/api/v1/audit/proofs/inclusion?treeSize=5", "/api/v1/audit/proofs/inclusion?index=5&treeSize=5",
                "/api/v1/audit/proofs/consistency?from=0&to=5", "/api/v1/audit/proofs/consistency?from=6&to=5",
                "/api/v1/audit/export?from=9&to=3", "/api/v1/audit/export?from=abc")) {
            HttpResponse<String> r = get(path, auth);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(r.body()).contains("\"status\":400", "\"code\":");
        }
        for (String path : List.of("/api/v1/audit/proofs/inclusion?index=0&treeSize=100000",
                "/api/v1/audit/proofs/consistency?from=1&to=100000", "/api/v1/audit/export?from=0&to=100000")) {
            HttpResponse<String> r = get(path, auth);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).contains("\"status\":404", "\"code\":\"unknown-tree-size\"");
        }
    }

    @Test
    @Order(7)
    void exportsVerifyOfflineWholeAndInRanges() throws Exception {
        AuditPublicKey key = auditKey();
        HttpResponse<byte[]> whole = getBytes("/api/v1/audit/export", "Bearer " + TOKEN);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));
        ExportVerification verification = new ExportVerifier(key, false).verify(new ByteArrayInputStream(whole.body()));
        assertThat(verification.failure()).isEmpty();
        assertThat(verification.vouchedEnd()).isGreaterThanOrEqualTo(CHANGES);
        long size = verification.vouchedEnd();
        HttpResponse<byte[]> range = getBytes("/api/v1/audit/export?from=7&to=" + (size - 3), "Bearer " + TOKEN);
        ExportVerification ranged = new ExportVerifier(key, false).verify(new ByteArrayInputStream(range.body()));
        assertThat(ranged.failure()).isEmpty();
        assertThat(ranged.firstIndex()).isEqualTo(7);
        assertThat(ranged.vouchedEnd()).isEqualTo(size - 3);
    }

    // ---- tampering in the database, caught by the verifier ---------------------------------------------------------

    @Test
    @Order(8)
    void theExportOfTheAlteredLogIsRejectedAtThatEntry() throws Exception {
        long altered = firstChange + 3;
        assertThat(post("/audit-driver/alter?index=" + altered).body()).isEqualTo("altered");
        HttpResponse<byte[]> export = getBytes("/api/v1/audit/export", "Bearer " + TOKEN);
        assertThat(export.statusCode()).isEqualTo(200);
        ExportVerification verification = new ExportVerifier(auditKey(), false).verify(new ByteArrayInputStream(export.body()));
        assertThat(verification.failure()).hasValueSatisfying(f -> {
            assertThat(f.problem()).isEqualTo(ExportProblem.ENTRY_HASH_MISMATCH);
            assertThat(f.index()).hasValue(altered);
        });
    }

    @Test
    @Order(9)
    void aDeletedEventMakesProofsFailWithAProblemAndCutsTheExportShort() throws Exception {
        assertThat(post("/audit-driver/delete?index=5").body()).isEqualTo("deleted");
        HttpResponse<String> latest = get("/api/v1/audit/tree-heads/latest", "Bearer " + TOKEN);
        long size = Long.parseLong(json(latest.body(), "size"));
        HttpResponse<String> proof = get("/api/v1/audit/proofs/inclusion?index=5&treeSize=" + size, "Bearer " + TOKEN);
        assertThat(proof.statusCode()).isEqualTo(500);
        assertThat(proof.body()).contains("\"code\":\"audit-store\"").doesNotContain("Exception");
        // The export stops at the gap. This one is smaller than the writer's buffer, so nothing was sent yet and the
        // answer is an error; a larger one would arrive cut short, which the verifier rejects (asserted when 200).
        HttpResponse<byte[]> export = getBytes("/api/v1/audit/export?from=4", "Bearer " + TOKEN);
        if (export.statusCode() == 200) {
            ExportVerification verification = new ExportVerifier(auditKey(), false).verify(new ByteArrayInputStream(export.body()));
            assertThat(verification.failure()).as("an export cut at the missing event is rejected").isPresent();
        } else {
            assertThat(export.statusCode()).isEqualTo(500);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private AuditPublicKey auditKey() throws Exception {
        return AuditPublicKey.fromPem(json(get("/api/v1/audit/key", null).body(), "publicKeyPem").replace("\\n", "\n"));
    }

    private HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return HTTP.send(request(path, authorization), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> getBytes(String path, String authorization) throws Exception {
        return HTTP.send(request(path, authorization), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest request(String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b.build();
    }

    /** The value of a top-level member, string or number (the bodies are flat JSON written by JSON-B). */
    private static String json(String body, String member) {
        Matcher m = Pattern.compile("\"" + member + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|(-?\\d+))").matcher(body);
        assertThat(m.find()).as("member %s in %s", member, body).isTrue();
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    private static List<byte[]> hashes(String body, String member) {
        Matcher m = Pattern.compile("\"" + member + "\":\\[([^\\]]*)\\]").matcher(body);
        assertThat(m.find()).as("array %s in %s", member, body).isTrue();
        List<byte[]> hashes = new ArrayList<>();
        Matcher item = Pattern.compile("\"([A-Za-z0-9_-]+)\"").matcher(m.group(1));
        while (item.find()) {
            hashes.add(b64(item.group(1)));
        }
        return hashes;
    }

    private static byte[] b64(String base64url) {
        return Base64.getUrlDecoder().decode(base64url);
    }

    /** Leaf 0's path in a tree: every sibling is on the right. */
    private static byte[] rootFromPath(byte[] leafHash, List<byte[]> path) throws Exception {
        byte[] r = leafHash;
        for (byte[] sibling : path) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update((byte) 0x01);
            sha.update(r);
            sha.update(sibling);
            r = sha.digest();
        }
        return r;
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
