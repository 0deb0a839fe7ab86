package org.bkv.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.bkv.opaque.Base64Url;
import org.bkv.opaque.ClientLogin;
import org.bkv.opaque.ClientRegistration;
import org.bkv.opaque.KE2;
import org.bkv.opaque.Ksf;
import org.bkv.opaque.ProtocolOptions;
import org.bkv.opaque.RegistrationResponse;
import org.bkv.opaque.Suite;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 6, server side: the vault and backup endpoints over real HTTP against the real WAR in Payara Micro, on a
 * real SoftHSM token and H2 — flows in both suites, attempts and lockout as the API reports them, the blob store
 * with resume and ranges, and garbage against every endpoint (always the documented problem+json; row counts prove
 * nothing changed). Subclasses choose the database ({@link ApiH2IT}, {@link ApiPostgresIT}).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class ApiScenarios {
    private static final SecureRandom RANDOM = new SecureRandom();

    @ArquillianResource
    private URL base;

    private Api api;

    @BeforeEach
    void client() throws Exception {
        api = new Api(base.toURI());
    }

    @AfterEach
    void defaultPolicy() {
        assertThat(api.send("POST", "/it/policy", null, null, Map.of()).status()).isEqualTo(204);
    }

    // ---- flows ----------------------------------------------------------------------------------------------------

    @Test
    void registeredKeyIsRecoveredOverHttpInBothSuites() throws Exception {
        for (Suite suite : Suite.values()) {
            String identifier = newIdentifier();
            byte[] backupKey = randomBytes(32);
            Api.Reply registered = register(identifier, suite, "correct horse", backupKey, null);
            assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
            assertThat(registered.json().get("identifier").asText()).isEqualTo(identifier);
            assertThat(registered.json().get("state").asText()).isEqualTo("ACTIVE");
            assertThat(registered.header("Cache-Control")).isEqualTo("no-store");

            Recovery recovery = recover(identifier, suite, "correct horse");
            assertThat(recovery.backupKey()).isEqualTo(backupKey);
            String actors = new String(api.send("GET", "/it/rows?actorsOf=RECORD_REGISTERED", null, null, Map.of()).body(),
                    StandardCharsets.UTF_8);
            assertThat(actors).as("the audit log names the API client's address").contains("API_CLIENT " + api.clientAddress);
            assertThat(recovery.sessionToken()).isNotBlank();
            assertThat(recovery.expiresIn()).isPositive();
        }
    }

    @Test
    void wrongPasswordsCountAndTheApiSaysHowManyRemainThenLocks() throws Exception {
        policy("maxAttempts=3&reveal=true");
        String identifier = newIdentifier();
        Suite suite = Suite.P256_SHA256;
        assertThat(register(identifier, suite, "right", randomBytes(32), null).status()).isEqualTo(201);
        for (int remaining = 2; remaining >= 0; remaining--) {
            Login login = startLogin(identifier, suite, "wrong");
            assertThat(login.reply().status()).isEqualTo(200);
            Api.Reply failed = finish(login.loginId(), randomBytes(suite.ke3Length()));
            assertProblem(failed, 401, "recovery-failed");
            assertThat(failed.json().get("attemptsRemaining").asInt()).isEqualTo(remaining);
        }
        Login locked = startLogin(identifier, suite, "right");
        assertProblem(locked.reply(), 423, "record-locked");
    }

    @Test
    void replacingARecordNeedsTheSessionTokenOfARecovery() throws Exception {
        String identifier = newIdentifier();
        Suite suite = Suite.RISTRETTO255_SHA512;
        assertThat(register(identifier, suite, "first", randomBytes(32), null).status()).isEqualTo(201);

        assertProblem(register(identifier, suite, "second", randomBytes(32), null), 409, "replace-not-authorised");
        assertProblem(register(identifier, suite, "second", randomBytes(32), "not-a-session-token"), 409, "replace-not-authorised");

        Recovery recovery = recover(identifier, suite, "first");
        byte[] newKey = randomBytes(32);
        assertThat(register(identifier, suite, "second", newKey, recovery.sessionToken()).status()).isEqualTo(201);
        assertThat(recover(identifier, suite, "second").backupKey()).isEqualTo(newKey);
    }

    @Test
    void deletingARecordNeedsItsSessionTokenAndLeavesOnlyFakes() throws Exception {
        String identifier = newIdentifier();
        Suite suite = Suite.P256_SHA256;
        assertThat(register(identifier, suite, "pw", randomBytes(32), null).status()).isEqualTo(201);
        String path = "/api/v1/vault/records/" + java.net.URLEncoder.encode(identifier, StandardCharsets.UTF_8);

        assertProblem(api.send("DELETE", path, null, null, Map.of()), 401, "session-required");
        assertProblem(api.send("DELETE", path, null, null, Map.of("Authorization", "Basic dXNlcjpwdw")), 401,
                "invalid-authorization");
        Recovery recovery = recover(identifier, suite, "pw");
        assertThat(api.send("DELETE", path, null, null, Map.of("Authorization", "Bearer " + recovery.sessionToken())).status())
                .isEqualTo(204);

        Login after = startLogin(identifier, suite, "pw");
        assertThat(after.reply().status()).isEqualTo(200);
        assertThat(Base64Url.decode(after.reply().json().get("ke2").asText())).hasSize(suite.ke2Length());
        assertThat(after.clientFinishFails()).isTrue();
    }

    @Test
    void unknownIdentifierGetsAFakeKe2OfTheSameSize() throws Exception {
        for (Suite suite : Suite.values()) {
            Login login = startLogin(newIdentifier(), suite, "guess");
            assertThat(login.reply().status()).isEqualTo(200);
            assertThat(Base64Url.decode(login.reply().json().get("ke2").asText())).hasSize(suite.ke2Length());
            assertProblem(finish(login.loginId(), randomBytes(suite.ke3Length())), 401, "recovery-failed");
        }
    }

    @Test
    void aLoginIdIsUsableOnceAndNotAfterItExpires() throws Exception {
        String identifier = newIdentifier();
        Suite suite = Suite.RISTRETTO255_SHA512;
        assertThat(register(identifier, suite, "pw", randomBytes(32), null).status()).isEqualTo(201);
        Login login = startLogin(identifier, suite, "pw");
        byte[] ke3 = login.clientFinish().message().serialize();
        assertThat(finish(login.loginId(), ke3).status()).isEqualTo(200);
        assertProblem(finish(login.loginId(), ke3), 404, "unknown-login");

        policy("loginTtlSeconds=1");
        Login slow = startLogin(identifier, suite, "pw");
        byte[] slowKe3 = slow.clientFinish().message().serialize();
        Thread.sleep(2_100);
        assertProblem(finish(slow.loginId(), slowKe3), 404, "unknown-login");
    }

    @Test
    void aBrowserStyleClientNoOneHereWroteRegistersAndRecovers() throws Exception {
        policy("maxAttempts=5&reveal=true");
        JsonNode result = BrowserStyleClient.run(base.toURI().resolve("api/v1").toString(), newIdentifier(), Api.freshAddress());
        assertThat(result.get("registrationStart").asInt()).as(result.toString()).isEqualTo(200);
        assertThat(result.get("registrationFinish").asInt()).as(result.toString()).isEqualTo(201);
        assertThat(result.get("recoveryFinish").asInt()).as(result.toString()).isEqualTo(200);
        assertThat(result.get("recoveredKeyMatches").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("sessionKeyLength").asInt()).isEqualTo(64);
        assertThat(result.get("wrongPasswordLoginStart").asInt()).isEqualTo(200);
        assertThat(result.get("wrongPasswordRefusedByClient").asBoolean()).isTrue();
        assertThat(result.get("wrongFinishStatus").asInt()).isEqualTo(401);
        assertThat(result.get("wrongFinishCode").asText()).isEqualTo("recovery-failed");
        // Two wrong guesses counted: the first without any KE3 (the KE2 alone spent it), the second with a bad one.
        assertThat(result.get("attemptsRemaining").asInt()).as(result.toString()).isEqualTo(3);
    }

    @Test
    void withClientAuthenticationJwtEveryVaultCallNeedsTheIdentifiersIdentityToken() throws Exception {
        policy("clientAuth=JWT");
        String alice = newIdentifier();
        String aliceToken = Jwts.sign(alice, "https://idp.it.example", 300);
        Suite suite = Suite.P256_SHA256;

        assertProblem(register(alice, suite, "pw", randomBytes(32), null, null), 401, "client-not-authenticated");
        assertProblem(register(alice, suite, "pw", randomBytes(32), null, Jwts.sign("mallory@example.org", "https://idp.it.example", 300)),
                401, "client-not-authenticated");
        assertProblem(register(alice, suite, "pw", randomBytes(32), null, Jwts.sign(alice, "https://evil.example", 300)),
                401, "client-not-authenticated");
        assertProblem(register(alice, suite, "pw", randomBytes(32), null, Jwts.sign(alice, "https://idp.it.example", -600)),
                401, "client-not-authenticated");
        assertThat(register(alice, suite, "pw", randomBytes(32), null, aliceToken).status()).isEqualTo(201);

        Login anonymous = startLogin(alice, suite, "pw");
        assertProblem(anonymous.reply(), 401, "client-not-authenticated");
        byte[] newKey = randomBytes(32);
        // With JWT, the identity token is the owner's authority: replacing needs no recovery first.
        assertThat(register(alice, suite, "pw2", newKey, null, aliceToken).status()).isEqualTo(201);
        assertThat(api.send("DELETE", "/api/v1/vault/records/" + java.net.URLEncoder.encode(alice, StandardCharsets.UTF_8),
                null, null, Map.of("Authorization", "Bearer " + aliceToken)).status()).isEqualTo(204);
    }

    @Test
    void withClientAuthenticationJwtABackupSlotBelongsToTheClientThatCreatedIt() throws Exception {
        policy("clientAuth=JWT");
        String alice = newIdentifier();
        String aliceToken = "Bearer " + Jwts.sign(alice, "https://idp.it.example", 300);
        String bobToken = "Bearer " + Jwts.sign(newIdentifier(), "https://idp.it.example", 300);
        String storage = Base64Url.encode(randomBytes(32));
        String id = Base64Url.encode(randomBytes(32));
        Map<String, String> asAlice = Map.of("Authorization", aliceToken, "BKV-Storage-Token", storage);
        Map<String, String> asBob = Map.of("Authorization", bobToken, "BKV-Storage-Token", storage);

        assertProblem(api.json("POST", "/api/v1/backups", Api.object("backupId", id), "Authorization", "Bearer " + storage),
                401, "client-not-authenticated");
        assertProblem(api.json("POST", "/api/v1/backups", Api.object("backupId", id), "Authorization",
                "Bearer " + Jwts.sign(alice, "https://evil.example", 300), "BKV-Storage-Token", storage), 401, "client-not-authenticated");
        assertProblem(api.json("POST", "/api/v1/backups", Api.object("backupId", id), "BKV-Storage-Token", storage),
                401, "invalid-authorization");
        Api.Reply created = api.json("POST", "/api/v1/backups", Api.object("backupId", id), "Authorization", aliceToken,
                "BKV-Storage-Token", storage);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertProblem(api.json("POST", "/api/v1/backups", Api.object("backupId", id), "Authorization", bobToken,
                "BKV-Storage-Token", storage), 409, "backup-exists");

        byte[] data = randomBytes(70_000);
        Map<String, String> upload = new java.util.HashMap<>(asAlice);
        upload.putAll(Map.of("Upload-Length", String.valueOf(data.length), "Upload-Offset", "0", "Repr-Digest", reprDigest(data)));
        Api.Reply stored = api.send("PUT", "/api/v1/backups/" + id, data, "application/octet-stream", upload);
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);

        long refusalsBefore = auditEvents("BACKUP_REFUSED");
        assertProblem(api.send("GET", "/api/v1/backups/" + id, null, null, asBob), 401, "backup-token-invalid");
        assertThat(auditEvents("BACKUP_REFUSED")).as("another client's attempt is audited").isEqualTo(refusalsBefore + 1);
        assertProblem(api.get("/api/v1/backups/" + id, "Authorization", "Bearer " + storage), 401, "client-not-authenticated");
        Api.Reply read = api.send("GET", "/api/v1/backups/" + id, null, null, asAlice);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(data);
        assertProblem(api.send("DELETE", "/api/v1/backups/" + id, null, null, asBob), 401, "backup-token-invalid");
        assertThat(api.send("DELETE", "/api/v1/backups/" + id, null, null, asAlice).status()).isEqualTo(204);
    }

    // ---- rate limits ----------------------------------------------------------------------------------------------

    @Test
    void anAddressOverItsLimitGets429WithRetryAfter() {
        Api.Reply last = null;
        for (int i = 0; i < 61; i++) {
            last = api.json("POST", "/api/v1/vault/logins", "{}");
            if (i < 60) {
                assertThat(last.status()).as("call %d", i + 1).isEqualTo(400);
            }
        }
        assertProblem(last, 429, "rate-limited");
        assertThat(Long.parseLong(last.header("Retry-After"))).isBetween(1L, 60L);
        api.clientAddress = Api.freshAddress();
        assertThat(api.json("POST", "/api/v1/vault/logins", "{}").status()).isEqualTo(400);
    }

    @Test
    void anIdentifierOverItsLimitGets429FromAnyAddress() throws Exception {
        String identifier = newIdentifier();
        for (int i = 0; i < 10; i++) {
            api.clientAddress = Api.freshAddress();
            assertThat(startLogin(identifier, Suite.P256_SHA256, "guess").reply().status()).isEqualTo(200);
        }
        api.clientAddress = Api.freshAddress();
        Api.Reply refused = startLogin(identifier, Suite.P256_SHA256, "guess").reply();
        assertProblem(refused, 429, "rate-limited");
        assertThat(refused.header("Retry-After")).isNotNull();
    }

    // ---- backups --------------------------------------------------------------------------------------------------

    @Test
    void backupIsStoredResumedAndReadInRanges() throws Exception {
        String token = Base64Url.encode(randomBytes(32));
        String id = Base64Url.encode(randomBytes(32));
        String auth = "Bearer " + token;
        Api.Reply created = api.json("POST", "/api/v1/backups", Api.object("backupId", id), "Authorization", auth);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("maxBytes").asLong()).isPositive();
        assertThat(api.json("POST", "/api/v1/backups", Api.object("backupId", id), "Authorization", auth).status()).isEqualTo(200);
        assertProblem(api.json("POST", "/api/v1/backups", Api.object("backupId", id), "Authorization",
                "Bearer " + Base64Url.encode(randomBytes(32))), 409, "backup-exists");
        assertProblem(api.get("/api/v1/backups/" + id, "Authorization", auth), 404, "no-backup");

        byte[] data = randomBytes(3 * 1024 * 1024 + 17);
        int cut = 1024 * 1024 + 5;
        Api.Reply partial = upload(id, auth, data, 0, Arrays.copyOf(data, cut));
        assertThat(partial.status()).as(partial.toString()).isEqualTo(202);
        assertThat(partial.json().get("uploadOffset").asLong()).isEqualTo(cut);
        JsonNode pending = api.get("/api/v1/backups/" + id + "/upload", "Authorization", auth).json();
        assertThat(pending.get("uploadOffset").asLong()).isEqualTo(cut);
        assertThat(pending.get("uploadLength").asLong()).isEqualTo(data.length);

        Api.Reply wrongOffset = upload(id, auth, data, cut + 1, Arrays.copyOfRange(data, cut + 1, data.length));
        assertProblem(wrongOffset, 409, "upload-offset-mismatch");
        assertThat(wrongOffset.json().get("uploadOffset").asLong()).isEqualTo(cut);

        Api.Reply done = upload(id, auth, data, cut, Arrays.copyOfRange(data, cut, data.length));
        assertThat(done.status()).as(done.toString()).isEqualTo(201);
        assertThat(done.json().get("sha256").asText()).isEqualTo(sha256Hex(data));
        assertProblem(api.get("/api/v1/backups/" + id + "/upload", "Authorization", auth), 404, "no-upload");

        Api.Reply whole = api.get("/api/v1/backups/" + id, "Authorization", auth);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(data);
        assertThat(whole.header("ETag")).isEqualTo("\"" + sha256Hex(data) + "\"");
        assertThat(whole.header("Repr-Digest")).isEqualTo(reprDigest(data));

        Api.Reply tail = api.get("/api/v1/backups/" + id, "Authorization", auth, "Range", "bytes=" + cut + "-");
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(data, cut, data.length));
        assertThat(tail.header("Content-Range")).isEqualTo("bytes " + cut + "-" + (data.length - 1) + "/" + data.length);
        assertProblem(api.get("/api/v1/backups/" + id, "Authorization", auth, "Range", "bytes=" + data.length + "-"),
                416, "range-not-satisfiable");

        Api.Reply head = api.send("HEAD", "/api/v1/backups/" + id, null, null, Map.of("Authorization", auth));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(data.length));
    }

    @Test
    void aNewBackupReplacesTheOldOnlyWhenCompleteAndVerified() throws Exception {
        String auth = "Bearer " + Base64Url.encode(randomBytes(32));
        String id = Base64Url.encode(randomBytes(32));
        assertThat(api.json("POST", "/api/v1/backups", Api.object("backupId", id), "Authorization", auth).status()).isEqualTo(201);
        byte[] first = randomBytes(200_000);
        assertThat(upload(id, auth, first, 0, first).status()).isEqualTo(201);

        byte[] second = randomBytes(300_000);
        byte[] corrupted = second.clone();
        corrupted[12345] ^= 1;
        assertProblem(upload(id, auth, second, 0, corrupted), 400, "digest-mismatch");
        assertThat(upload(id, auth, second, 0, Arrays.copyOf(second, 1000)).status()).isEqualTo(202);
        assertThat(api.get("/api/v1/backups/" + id, "Authorization", auth).body()).isEqualTo(first);

        assertThat(upload(id, auth, second, 0, second).status()).isEqualTo(201);
        assertThat(api.get("/api/v1/backups/" + id, "Authorization", auth).body()).isEqualTo(second);
        Path slotDir = Path.of(System.getProperty("bkv.it.backupDir")).resolve(id);
        try (Stream<Path> files = Files.list(slotDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("2.blob");
        }

        assertProblem(api.send("DELETE", "/api/v1/backups/" + id, null, null,
                Map.of("Authorization", "Bearer " + Base64Url.encode(randomBytes(32)))), 401, "backup-token-invalid");
        assertThat(api.send("DELETE", "/api/v1/backups/" + id, null, null, Map.of("Authorization", auth)).status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/backups/" + id, "Authorization", auth), 404, "unknown-backup");
        assertThat(slotDir).doesNotExist();
    }

    @Test
    void backupsLargerThanThePolicyAllowsAreRefusedBeforeAByteIsStored() throws Exception {
        policy("maxBackupBytes=1000");
        String auth = "Bearer " + Base64Url.encode(randomBytes(32));
        String id = Base64Url.encode(randomBytes(32));
        assertThat(api.json("POST", "/api/v1/backups", Api.object("backupId", id), "Authorization", auth).status()).isEqualTo(201);
        byte[] data = randomBytes(1001);
        assertProblem(upload(id, auth, data, 0, data), 413, "payload-too-large");
        byte[] small = randomBytes(10);
        assertProblem(upload(id, auth, small, 0, randomBytes(11)), 400, "length-mismatch");
        assertProblem(api.get("/api/v1/backups/" + id + "/upload", "Authorization", auth), 404, "no-upload");
    }

    // ---- garbage --------------------------------------------------------------------------------------------------

    @Test
    void garbageGetsTheDocumentedProblemAndChangesNothing() throws Exception {
        String known = newIdentifier();
        assertThat(register(known, Suite.P256_SHA256, "pw", randomBytes(32), null).status()).isEqualTo(201);
        String token = Base64Url.encode(randomBytes(32));
        String slot = Base64Url.encode(randomBytes(32));
        assertThat(api.json("POST", "/api/v1/backups", Api.object("backupId", slot), "Authorization", "Bearer " + token).status())
                .isEqualTo(201);
        Map<String, Long> before = api.rows();

        String p256Request = Base64Url.encode(ClientRegistration.start(Suite.P256_SHA256, "pw".getBytes(), RANDOM).message().serialize());
        byte[] offCurve = new byte[33];
        offCurve[0] = 2;
        Arrays.fill(offCurve, 1, 33, (byte) 0xFF); // x >= p
        byte[] nonCanonical = new byte[32];
        Arrays.fill(nonCanonical, (byte) 0xFF);
        byte[] ke1 = ClientLogin.start(Suite.P256_SHA256, "pw".getBytes(), RANDOM).message().serialize();
        byte[] ke1OffCurve = ke1.clone();
        System.arraycopy(offCurve, 0, ke1OffCurve, 0, 33);
        String ke3 = Base64Url.encode(randomBytes(Suite.P256_SHA256.ke3Length()));
        String big = "{\"identifier\":\"" + "x".repeat(20_000) + "\"}";

        List<Case> cases = new ArrayList<>(List.of(
                json("POST", "/api/v1/vault/registrations", "not json", 400, "invalid-json"),
                json("POST", "/api/v1/vault/registrations", "[1,2]", 400, "invalid-json"),
                json("POST", "/api/v1/vault/registrations", "", 400, "invalid-json"),
                json("POST", "/api/v1/vault/registrations", "{\"identifier\":5,\"suite\":\"P256-SHA256\",\"registrationRequest\":\"" + p256Request + "\"}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/registrations", "{\"identifier\":\"a\",\"registrationRequest\":\"" + p256Request + "\"}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/registrations", "{\"identifier\":\"a\",\"suite\":\"P256-SHA256\",\"registrationRequest\":\"" + p256Request + "\",\"admin\":true}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/registrations", "{\"identifier\":\"a\",\"suite\":\"P256-SHA256\",\"registrationRequest\":\"!!!\"}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/registrations", "{\"identifier\":\"a\",\"suite\":\"P384-SHA384\",\"registrationRequest\":\"" + p256Request + "\"}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/registrations", "{\"identifier\":\"a\",\"suite\":\"P256-SHA256\",\"registrationRequest\":\"" + Base64Url.encode(offCurve) + "\"}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/registrations", "{\"identifier\":\"a\",\"suite\":\"ristretto255-SHA512\",\"registrationRequest\":\"" + Base64Url.encode(nonCanonical) + "\"}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/registrations", "{\"identifier\":\"a\",\"suite\":\"P256-SHA256\",\"registrationRequest\":\"" + Base64Url.encode(new byte[5]) + "\"}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/registrations", "{\"identifier\":\"" + "é".repeat(200) + "\",\"suite\":\"P256-SHA256\",\"registrationRequest\":\"" + p256Request + "\"}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/registrations", big, 413, "payload-too-large"),
                new Case("POST", "/api/v1/vault/registrations", "{}".getBytes(), "text/plain", Map.of(), 415, "unsupported-media-type"),
                json("PUT", "/api/v1/vault/registrations/AAAAAAAAAAAAAAAAAAAAAA", "{\"registrationRecord\":\"AAAA\",\"sealedBackupKey\":\"AAAA\"}", 404, "unknown-registration"),
                json("PUT", "/api/v1/vault/registrations/nosuchregistration0000", "{\"registrationRecord\":\"" + Base64Url.encode(new byte[Suite.P256_SHA256.registrationRecordLength()]) + "\",\"sealedBackupKey\":\"AAAA\"}", 404, "unknown-registration"),
                json("PUT", "/api/v1/vault/registrations/x", "{\"registrationRecord\":[],\"sealedBackupKey\":\"AAAA\"}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/logins", "{\"identifier\":\"" + known + "\",\"suite\":\"P256-SHA256\",\"ke1\":\"" + Base64Url.encode(ke1OffCurve) + "\"}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/logins", "{\"identifier\":\"" + known + "\",\"suite\":\"P256-SHA256\",\"ke1\":\"" + Base64Url.encode(Arrays.copyOf(ke1, 40)) + "\"}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/logins", "{\"identifier\":\"" + known + "\",\"suite\":\"P256-SHA256\",\"ke1\":true}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/logins", "{\"identifier\":\"" + known + "\",\"suite\":\"nope\",\"ke1\":\"" + Base64Url.encode(ke1) + "\"}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/logins/AAAAAAAAAAAAAAAAAAAAAA/finish", "{\"ke3\":\"" + ke3 + "\"}", 404, "unknown-login"),
                json("POST", "/api/v1/vault/logins/AAAAAAAAAAAAAAAAAAAAAA/finish", "{\"ke3\":\"" + ke3 + "=\"}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/logins/AAAAAAAAAAAAAAAAAAAAAA/finish", "{\"ke3\":null}", 400, "invalid-request"),
                json("POST", "/api/v1/vault/logins/../finish", "{\"ke3\":\"" + ke3 + "\"}", 404, "not-found"),
                new Case("GET", "/api/v1/vault/registrations", null, null, Map.of(), 405, "method-not-allowed"),
                new Case("DELETE", "/api/v1/vault/records/" + known, null, null, Map.of("Authorization", "Bearer " + UUID.randomUUID()), 401, "session-required"),
                new Case("GET", "/api/v1/nothing-here", null, null, Map.of(), 404, "not-found"),
                json("POST", "/api/v1/backups", "{\"backupId\":\"" + Base64Url.encode(randomBytes(32)) + "\"}", 401, "invalid-authorization"),
                new Case("POST", "/api/v1/backups", "{\"backupId\":\"short\"}".getBytes(), "application/json", Map.of("Authorization", "Bearer " + token), 400, "invalid-request"),
                new Case("POST", "/api/v1/backups", ("{\"backupId\":\"" + Base64Url.encode(randomBytes(32)) + "\"}").getBytes(), "application/json", Map.of("Authorization", "Bearer short"), 400, "invalid-request"),
                new Case("PUT", "/api/v1/backups/" + Base64Url.encode(randomBytes(32)), new byte[3], "application/octet-stream", Map.of("Authorization", "Bearer " + token, "Upload-Length", "3", "Repr-Digest", reprDigest(new byte[3])), 404, "unknown-backup"),
                new Case("PUT", "/api/v1/backups/" + slot, new byte[3], "application/octet-stream", Map.of("Authorization", "Bearer " + token, "Repr-Digest", reprDigest(new byte[3])), 400, "invalid-request"),
                new Case("PUT", "/api/v1/backups/" + slot, new byte[3], "application/octet-stream", Map.of("Authorization", "Bearer " + token, "Upload-Length", "-3", "Repr-Digest", reprDigest(new byte[3])), 400, "invalid-request"),
                new Case("PUT", "/api/v1/backups/" + slot, new byte[3], "application/octet-stream", Map.of("Authorization", "Bearer " + token, "Upload-Length", "3", "Repr-Digest", "md5=:AAAA:"), 400, "invalid-request"),
                new Case("PUT", "/api/v1/backups/" + slot, new byte[3], "application/octet-stream", Map.of("Authorization", "Bearer " + token, "Upload-Length", "3", "Upload-Offset", "4", "Repr-Digest", reprDigest(new byte[3])), 400, "invalid-request"),
                new Case("PUT", "/api/v1/backups/" + slot, new byte[3], "application/octet-stream", Map.of("Authorization", "Bearer " + Base64Url.encode(randomBytes(32)), "Upload-Length", "3", "Repr-Digest", reprDigest(new byte[3])), 401, "backup-token-invalid"),
                new Case("GET", "/api/v1/backups/" + slot, null, null, Map.of("Authorization", "Bearer " + token, "Range", "bytes=x-"), 404, "no-backup"),
                new Case("GET", "/api/v1/backups/" + slot, null, null, Map.of(), 401, "invalid-authorization")));

        for (Case c : cases) {
            api.clientAddress = Api.freshAddress();
            Api.Reply reply = api.send(c.method(), c.path(), c.body(), c.contentType(), c.headers());
            assertProblem(reply, c.status(), c.code());
        }
        Map<String, Long> after = api.rows();
        after.put("audit_event", after.get("audit_event") - refusedTokenEvents(cases));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void openApiDescribesEveryEndpointAndProblem() {
        URI server = URI.create(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/");
        Api.Reply reply = new Api(server).send("GET", "/openapi", null, null, Map.of());
        assertThat(reply.status()).isEqualTo(200);
        String document = new String(reply.body(), StandardCharsets.UTF_8);
        assertThat(document).contains("/vault/registrations", "/vault/registrations/{registrationId}", "/vault/logins",
                "/vault/logins/{loginId}/finish", "/vault/records/{identifier}", "/backups", "/backups/{backupId}",
                "/backups/{backupId}/upload");
        for (String code : List.of("invalid-request", "client-not-authenticated", "recovery-failed", "session-required",
                "backup-token-invalid", "unknown-registration", "unknown-login", "unknown-backup", "no-backup", "no-upload",
                "replace-not-authorised", "backup-exists", "upload-offset-mismatch", "payload-too-large",
                "range-not-satisfiable", "record-locked", "rate-limited", "service-unavailable")) {
            assertThat(document).as(code).contains(code);
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    record Case(String method, String path, byte[] body, String contentType, Map<String, String> headers, int status, String code) {
    }

    record Recovery(byte[] backupKey, String sessionToken, long expiresIn) {
    }

    record Login(Suite suite, byte[] password, ClientLogin state, Api.Reply reply) {
        String loginId() {
            return reply.json().get("loginId").asText();
        }

        ClientLogin.Finish clientFinish() throws Exception {
            KE2 ke2 = KE2.deserialize(suite, Base64Url.decode(reply.json().get("ke2").asText()));
            return state.finish(password, ke2, Ksf.IDENTITY, ProtocolOptions.DEFAULT);
        }

        boolean clientFinishFails() {
            try {
                clientFinish();
                return false;
            } catch (Exception e) {
                return true;
            }
        }
    }

    /**
     * Refusals of a well-formed call with a wrong token are audited (BACKUP_REFUSED, DELETE_REFUSED): security
     * officers want to see them. They are the only rows a refused call may add.
     */
    private static long refusedTokenEvents(List<Case> cases) {
        return cases.stream().filter(c -> c.code().equals("backup-token-invalid") || c.code().equals("session-required")).count();
    }

    private static Case json(String method, String path, String body, int status, String code) {
        return new Case(method, path, body.getBytes(StandardCharsets.UTF_8), "application/json", Map.of(), status, code);
    }

    private Api.Reply register(String identifier, Suite suite, String password, byte[] backupKey, String sessionToken)
            throws Exception {
        return register(identifier, suite, password, backupKey, sessionToken, null);
    }

    /** With {@code identityToken}, the registration start carries it (the finish carries it too, or the session token). */
    private Api.Reply register(String identifier, Suite suite, String password, byte[] backupKey, String sessionToken,
                               String identityToken) throws Exception {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        ClientRegistration.Start start = ClientRegistration.start(suite, pw, RANDOM);
        String bearer = identityToken != null ? identityToken : sessionToken;
        String[] auth = bearer == null ? new String[0] : new String[] {"Authorization", "Bearer " + bearer};
        Api.Reply started = api.json("POST", "/api/v1/vault/registrations", Api.object("identifier", identifier,
                "suite", suite.wireName(), "registrationRequest", Base64Url.encode(start.message().serialize())), auth);
        if (started.status() != 200) {
            return started;
        }
        RegistrationResponse response = RegistrationResponse.deserialize(suite,
                Base64Url.decode(started.json().get("registrationResponse").asText()));
        ClientRegistration.Finish finish = start.state().finish(pw, response, Ksf.IDENTITY, ProtocolOptions.DEFAULT, RANDOM);
        return api.json("PUT", "/api/v1/vault/registrations/" + started.json().get("registrationId").asText(),
                Api.object("registrationRecord", Base64Url.encode(finish.message().serialize()),
                        "sealedBackupKey", Base64Url.encode(Seal.seal(finish.exportKey(), backupKey))), auth);
    }

    private Login startLogin(String identifier, Suite suite, String password) throws Exception {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        ClientLogin.Start start = ClientLogin.start(suite, pw, RANDOM);
        Api.Reply reply = api.json("POST", "/api/v1/vault/logins", Api.object("identifier", identifier,
                "suite", suite.wireName(), "ke1", Base64Url.encode(start.message().serialize())));
        return new Login(suite, pw, start.state(), reply);
    }

    private Api.Reply finish(String loginId, byte[] ke3) {
        return api.json("POST", "/api/v1/vault/logins/" + loginId + "/finish", Api.object("ke3", Base64Url.encode(ke3)));
    }

    private Recovery recover(String identifier, Suite suite, String password) throws Exception {
        Login login = startLogin(identifier, suite, password);
        assertThat(login.reply().status()).as(login.reply().toString()).isEqualTo(200);
        ClientLogin.Finish finish = login.clientFinish();
        Api.Reply recovered = finish(login.loginId(), finish.message().serialize());
        assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
        JsonNode json = recovered.json();
        return new Recovery(Seal.open(finish.exportKey(), Base64Url.decode(json.get("sealedBackupKey").asText())),
                json.get("sessionToken").asText(), json.get("expiresIn").asLong());
    }

    private Api.Reply upload(String id, String auth, byte[] whole, long offset, byte[] body) {
        return api.send("PUT", "/api/v1/backups/" + id, body, "application/octet-stream", Map.of("Authorization", auth,
                "Upload-Length", String.valueOf(whole.length), "Upload-Offset", String.valueOf(offset),
                "Repr-Digest", reprDigest(whole)));
    }

    /** Audit events of this type so far. */
    private long auditEvents(String type) {
        return new String(api.send("GET", "/it/rows?actorsOf=" + type, null, null, Map.of()).body(), StandardCharsets.UTF_8)
                .lines().count();
    }

    private void policy(String query) {
        assertThat(api.send("POST", "/it/policy?" + query, null, null, Map.of()).status()).isEqualTo(204);
    }

    static void assertProblem(Api.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.contentType()).as(reply.toString()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("code").asText()).as(reply.toString()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
    }

    private static String newIdentifier() {
        return "user-" + UUID.randomUUID() + "@example.org";
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String sha256Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String reprDigest(byte[] data) {
        try {
            return "sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data)) + ":";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
