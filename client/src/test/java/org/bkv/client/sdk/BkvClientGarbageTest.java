package org.bkv.client.sdk;

import org.bkv.client.key.BackupKey;
import org.bkv.client.testing.FakeAppliance;
import org.bkv.opaque.Suite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Whatever the server answers, the SDK fails with a typed exception and trusts nothing from garbage. */
class BkvClientGarbageTest {

    private static final String REGISTRATIONS = "/api/v1/vault/registrations";
    private static final String LOGINS = "/api/v1/vault/logins";

    @TempDir
    Path dir;

    private FakeAppliance fake;
    private BkvClient bkv;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeAppliance();
        bkv = Clients.pinned(fake).build();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void brokenJsonIsAnInvalidResponse() {
        fake.inject("POST", REGISTRATIONS, new FakeAppliance.Raw(200, "application/json", "{\"registrationId\": \"x\","));
        assertThat(escrowFailure(InvalidServerResponseException.class).getMessage()).contains("not valid JSON");
    }

    @Test
    void anHtmlPageWhereJsonWasDueIsAnInvalidResponse() {
        fake.inject("POST", REGISTRATIONS, new FakeAppliance.Raw(200, "text/html", "<html><body>Welcome</body></html>"));
        assertThat(escrowFailure(InvalidServerResponseException.class).getMessage())
                .contains("text/html").contains("where JSON was expected");
    }

    @Test
    void anHtmlErrorPageKeepsItsStatus() {
        fake.inject("POST", LOGINS, new FakeAppliance.Raw(404, "text/html", "<html><h1>Not Found</h1></html>"));
        ServerProblemException problem = recoverFailure(ServerProblemException.class);
        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.code()).isEmpty();
    }

    @Test
    void aBadGatewayPageIsTransientAndRetriedWhereSafe() throws Exception {
        fake.inject("POST", REGISTRATIONS, new FakeAppliance.Raw(502, "text/html", "<html>Bad Gateway</html>"));
        bkv.escrow("alice", "pw".toCharArray(), BackupKey.generate(), Suite.P256_SHA256);
        assertThat(fake.count("POST " + REGISTRATIONS)).isEqualTo(2);
    }

    @Test
    void malformedProblemJsonStillGivesATypedProblem() {
        fake.inject("POST", LOGINS, new FakeAppliance.Raw(423, "application/problem+json", "{not json"));
        assertThat(recoverFailure(RecordLockedException.class).status()).isEqualTo(423);
    }

    @Test
    void aWrongLengthKe2IsAnInvalidResponse() {
        fake.inject("POST", LOGINS, new FakeAppliance.Raw(200, "application/json", "{\"loginId\":\"abc\",\"ke2\":\"AAAA\"}"));
        assertThat(recoverFailure(InvalidServerResponseException.class).getMessage()).contains("malformed");
    }

    @Test
    void badBase64UrlIsAnInvalidResponse() {
        fake.inject("POST", REGISTRATIONS, new FakeAppliance.Raw(200, "application/json",
                "{\"registrationId\":\"abc\",\"registrationResponse\":\"a+b/c===\"}"));
        assertThat(escrowFailure(InvalidServerResponseException.class).getMessage()).contains("not base64url");
    }

    @Test
    void aMissingMemberIsAnInvalidResponse() {
        fake.inject("POST", LOGINS, new FakeAppliance.Raw(200, "application/json", "{\"loginId\":\"abc\"}"));
        assertThat(recoverFailure(InvalidServerResponseException.class).getMessage()).contains("\"ke2\" is missing");
    }

    @Test
    void anIdWithControlCharactersIsAnInvalidResponse() {
        fake.inject("POST", LOGINS, new FakeAppliance.Raw(200, "application/json",
                "{\"loginId\":\"a\\r\\nX-Evil: 1\",\"ke2\":\"AAAA\"}"));
        assertThat(recoverFailure(InvalidServerResponseException.class).getMessage()).contains("not a valid id");
    }

    @Test
    void anIdThatLooksLikeAPathStaysOneSegment() throws Exception {
        fake.inject("POST", REGISTRATIONS, new FakeAppliance.Raw(200, "application/json",
                "{\"registrationId\":\"../../backups\",\"registrationResponse\":\"" + registrationResponse() + "\"}"));
        ServerProblemException refused = escrowFailure(ServerProblemException.class);
        assertThat(refused.code()).hasValue("unknown-registration");
        assertThat(fake.requests()).last().isEqualTo("PUT " + REGISTRATIONS + "/..%2F..%2Fbackups");
    }

    @Test
    void anOversizedAnswerIsAnInvalidResponse() {
        fake.inject("POST", LOGINS, new FakeAppliance.Raw(200, "application/json",
                "{\"loginId\":\"" + "a".repeat(70_000) + "\"}"));
        assertThat(recoverFailure(InvalidServerResponseException.class).getMessage()).contains("larger than");
    }

    @Test
    void aSealedKeyThatDoesNotOpenIsAnInvalidResponse() throws Exception {
        bkv.escrow("alice", "pw".toCharArray(), BackupKey.generate(), Suite.P256_SHA256);
        fake.inject("POST", LOGINS + "/", new FakeAppliance.Raw(200, "application/json",
                "{\"sealedBackupKey\":\"" + "A".repeat(80) + "\",\"sessionToken\":\"tok\",\"expiresIn\":300}"));
        assertThat(recoverFailure(InvalidServerResponseException.class).getMessage())
                .contains("does not open");
    }

    @Test
    void aNonIntegerExpiresInIsAnInvalidResponse() throws Exception {
        bkv.escrow("alice", "pw".toCharArray(), BackupKey.generate(), Suite.P256_SHA256);
        fake.inject("POST", LOGINS + "/", new FakeAppliance.Raw(200, "application/json",
                "{\"sealedBackupKey\":\"AAAA\",\"sessionToken\":\"tok\",\"expiresIn\":\"soon\"}"));
        assertThat(recoverFailure(InvalidServerResponseException.class).getMessage()).contains("expiresIn");
    }

    @Test
    void aDownloadWithoutDigestIsRefused() throws Exception {
        BackupKey key = BackupKey.generate();
        bkv.upload(key, Files.write(dir.resolve("b.bkv"), new byte[100]), TransferProgress.NONE);
        fake.inject("GET", "/api/v1/backups/", new FakeAppliance.Raw(200, "application/octet-stream", "x".repeat(100)));
        InvalidServerResponseException invalid = catchThrowableOfType(InvalidServerResponseException.class,
                () -> bkv.download(key, dir.resolve("out.bkv"), TransferProgress.NONE));
        assertThat(invalid.getMessage()).contains("without its SHA-256");
    }

    /** A well-formed P-256 registration response (two generator points), so the client gets to its PUT. */
    private static String registrationResponse() throws Exception {
        byte[] generator = org.bkv.opaque.Suite.P256_SHA256.group().multiplyGenerator(one()).toByteArray();
        byte[] both = new byte[generator.length * 2];
        System.arraycopy(generator, 0, both, 0, generator.length);
        System.arraycopy(generator, 0, both, generator.length, generator.length);
        return org.bkv.opaque.Base64Url.encode(both);
    }

    private static byte[] one() {
        byte[] scalar = new byte[32];
        scalar[31] = 1;
        return scalar;
    }

    private <T extends Throwable> T escrowFailure(Class<T> type) {
        return catchThrowableOfType(type,
                () -> bkv.escrow("alice", "pw".toCharArray(), BackupKey.generate(), Suite.P256_SHA256));
    }

    private <T extends Throwable> T recoverFailure(Class<T> type) {
        return catchThrowableOfType(type, () -> bkv.recover("alice", "pw".toCharArray(), Suite.P256_SHA256));
    }
}
