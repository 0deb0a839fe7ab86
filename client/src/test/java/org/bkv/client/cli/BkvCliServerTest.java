package org.bkv.client.cli;

import org.bkv.client.key.BackupId;
import org.bkv.client.key.BackupKey;
import org.bkv.client.testing.FakeAppliance;
import org.bkv.client.testing.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bkv escrow | recover | backup | restore | delete-record} against the test fake, over HTTPS. */
class BkvCliServerTest {

    @TempDir
    Path dir;

    private FakeAppliance fake;
    private final CliHarness cli = new CliHarness(Map.of());
    private Path keyFile;
    private Path passwordFile;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeAppliance();
        keyFile = dir.resolve("backup.key");
        Files.writeString(keyFile, BackupKey.generate().toDigits() + "\n");
        passwordFile = Files.writeString(dir.resolve("password"), "correct horse battery\n");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void escrowThenRecoverWritesTheSameKey() throws IOException {
        CliHarness.Run escrow = vault("escrow", "--key-file", keyFile.toString());
        assertThat(escrow.exitCode()).as(escrow.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(escrow.stderr()).contains("escrowed under \"alice@example.org\"").contains("P256-SHA256");

        Path recovered = dir.resolve("recovered.key");
        CliHarness.Run recover = vault("recover", "--out", recovered.toString());
        assertThat(recover.exitCode()).as(recover.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(recovered).hasSameTextualContentAs(keyFile);
        assertThat(Files.getPosixFilePermissions(recovered)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void identityTokenFileIsSentOnEveryCallAndItsAbsenceIsExplained() throws IOException {
        String jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZUBleGFtcGxlLm9yZyJ9.c2ln";
        fake.requireIdentityToken(jwt);
        CliHarness.Run refused = vault("escrow", "--key-file", keyFile.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.SERVER_REFUSED);
        assertThat(refused.stderr()).contains("--identity-token-file");
        assertThat(fake.hasRecord("alice@example.org")).isFalse();

        Path tokenFile = Files.writeString(dir.resolve("token.jwt"), jwt + "\n");
        CliHarness.Run escrow = vault("escrow", "--key-file", keyFile.toString(), "--identity-token-file", tokenFile.toString());
        assertThat(escrow.exitCode()).as(escrow.stderr()).isEqualTo(ExitCodes.OK);
        Path recovered = dir.resolve("recovered.key");
        CliHarness.Run recover = vault("recover", "--out", recovered.toString(), "--identity-token-file", tokenFile.toString());
        assertThat(recover.exitCode()).as(recover.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(recovered).hasSameTextualContentAs(keyFile);

        Path garbage = Files.writeString(dir.resolve("garbage.jwt"), "not a token\n");
        CliHarness.Run bad = vault("recover", "--print", "--identity-token-file", garbage.toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.stderr()).contains("does not hold a JWT").doesNotContain("not a token");
        CliHarness.Run missing = vault("recover", "--print", "--identity-token-file", dir.resolve("none.jwt").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.IO_ERROR);
    }

    @Test
    void recoverPrintsTheDigitsForm() throws IOException {
        vault("escrow", "--key-file", keyFile.toString(), "--suite", "ristretto255-SHA512");
        CliHarness.Run recover = vault("recover", "--print", "--suite", "ristretto255-SHA512");
        assertThat(recover.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(recover.stdout()).isEqualTo(Files.readString(keyFile));
    }

    @Test
    void wrongPasswordExitsWithEightAndSaysHowManyAttemptsRemain() throws IOException {
        vault("escrow", "--key-file", keyFile.toString());
        Files.writeString(passwordFile, "wrong guess");
        CliHarness.Run recover = vault("recover", "--print");
        assertThat(recover.exitCode()).isEqualTo(ExitCodes.WRONG_PASSWORD);
        assertThat(recover.stderr()).isEqualTo("bkv: wrong password: 2 attempts left before this key is locked or"
                + " destroyed" + System.lineSeparator());
        assertThat(recover.stdout()).isEmpty();
    }

    @Test
    void lockedRecordExitsWithNine() throws IOException {
        vault("escrow", "--key-file", keyFile.toString());
        Files.writeString(passwordFile, "wrong guess");
        for (int i = 0; i < 3; i++) {
            assertThat(vault("recover", "--print").exitCode()).isEqualTo(ExitCodes.WRONG_PASSWORD);
        }
        CliHarness.Run locked = vault("recover", "--print");
        assertThat(locked.exitCode()).isEqualTo(ExitCodes.RECORD_LOCKED);
        assertThat(locked.stderr()).contains("locked");
    }

    @Test
    void escrowOverAnExistingRecordExitsWithElevenUnlessReplacing() throws IOException {
        vault("escrow", "--key-file", keyFile.toString());
        Path newKey = Files.writeString(dir.resolve("new.key"), BackupKey.generate().toDigits() + "\n");
        Path newPassword = Files.writeString(dir.resolve("new-password"), "new password");
        CliHarness.Run refused = vault("escrow", "--key-file", newKey.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.SERVER_REFUSED);
        assertThat(refused.stderr()).contains("already escrowed").contains("--replace");

        CliHarness.Run replaced = cli.bkv(command("escrow", common(), "--identifier", "alice@example.org", "--key-file",
                newKey.toString(), "--replace", "--current-password-file", passwordFile.toString(),
                "--password-file", newPassword.toString()));
        assertThat(replaced.exitCode()).as(replaced.stderr()).isEqualTo(ExitCodes.OK);
        CliHarness.Run recover = cli.bkv(command("recover", common(), "--identifier", "alice@example.org", "--print",
                "--password-file", newPassword.toString()));
        assertThat(recover.stdout()).isEqualTo(Files.readString(newKey));
    }

    @Test
    void deleteRecordRemovesTheRecord() throws IOException {
        vault("escrow", "--key-file", keyFile.toString());
        CliHarness.Run deleted = vault("delete-record");
        assertThat(deleted.exitCode()).as(deleted.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(fake.hasRecord("alice@example.org")).isFalse();
    }

    @Test
    void backupThenRestoreGivesBackTheFile() throws IOException {
        Path input = Files.write(dir.resolve("photos.tar"), random(2 << 20));
        CliHarness.Run backup = server("backup", "--key-file", keyFile.toString(), "--work-dir", dir.toString(),
                input.toString());
        assertThat(backup.exitCode()).as(backup.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(backup.stderr()).contains("backup stored").contains("backup id");
        assertThat(filesIn(dir)).as("the temporary ciphertext is gone")
                .containsExactlyInAnyOrder("backup.key", "password", "photos.tar");

        Path restored = dir.resolve("restored.tar");
        CliHarness.Run restore = server("restore", "--key-file", keyFile.toString(), restored.toString());
        assertThat(restore.exitCode()).as(restore.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(restored).hasSameBinaryContentAs(input);
        assertThat(filesIn(dir)).doesNotContain(".restored.tar.bkv-download");
    }

    @Test
    void restoreResumesAnInterruptedDownload() throws IOException {
        Path input = Files.write(dir.resolve("photos.tar"), random(2 << 20));
        assertThat(server("backup", "--key-file", keyFile.toString(), input.toString()).exitCode()).isEqualTo(0);
        String id = BackupId.derive(BackupKey.parseDigits(Files.readString(keyFile).strip())).value();
        byte[] stored = fake.storedBackup(id);
        Files.write(dir.resolve(".restored.tar.bkv-download"), Arrays.copyOf(stored, 700_000));

        CliHarness.Run restore = server("restore", "--key-file", keyFile.toString(), dir.resolve("restored.tar").toString());
        assertThat(restore.exitCode()).as(restore.stderr()).isEqualTo(ExitCodes.OK);
        assertThat(dir.resolve("restored.tar")).hasSameBinaryContentAs(input);
        assertThat(fake.requests()).last().isEqualTo("GET /api/v1/backups/" + id + " Range: bytes=700000-");
    }

    @Test
    void aFailedUploadKeepsTheCiphertextForAResume() throws IOException {
        Path input = Files.write(dir.resolve("photos.tar"), random(1 << 20));
        for (int i = 0; i < 3; i++) { // the first try and both retries
            fake.inject("PUT", "/api/v1/backups/", new FakeAppliance.Refuse(503, "service-unavailable", 0));
        }
        CliHarness.Run failed = server("backup", "--key-file", keyFile.toString(), "--work-dir", dir.toString(),
                input.toString());
        assertThat(failed.exitCode()).isEqualTo(ExitCodes.SERVER_UNAVAILABLE);
        assertThat(failed.stderr()).contains("unavailable (HTTP 503)").contains("bkv backup --encrypted");
        List<String> kept = new ArrayList<>(filesIn(dir));
        kept.removeAll(List.of("backup.key", "password", "photos.tar"));
        assertThat(kept).singleElement().asString().startsWith("bkv-backup-").endsWith(".bkv");

        CliHarness.Run resumed = server("backup", "--key-file", keyFile.toString(), "--encrypted",
                dir.resolve(kept.get(0)).toString());
        assertThat(resumed.exitCode()).as(resumed.stderr()).isEqualTo(ExitCodes.OK);
        Path restored = dir.resolve("restored.tar");
        assertThat(server("restore", "--key-file", keyFile.toString(), restored.toString()).exitCode()).isEqualTo(0);
        assertThat(restored).hasSameBinaryContentAs(input);
    }

    @Test
    void restoreWithoutABackupExitsWithEleven() {
        CliHarness.Run restore = server("restore", "--key-file", keyFile.toString(), dir.resolve("out").toString());
        assertThat(restore.exitCode()).isEqualTo(ExitCodes.SERVER_REFUSED);
        assertThat(restore.stderr()).contains("holds no backup for this backup key");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void pinMismatchExitsWithTen() {
        CliHarness.Run run = cli.bkv("recover", "--server", fake.ipUri().toString(), "--pin-sha256", "ab".repeat(32),
                "--identifier", "alice@example.org", "--password-file", passwordFile.toString(), "--print");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVER_UNREACHABLE);
        assertThat(run.stderr()).startsWith("bkv: the appliance's certificate does not match the pinned fingerprint");
    }

    @Test
    void caFileModeWorksWithTheHostName() throws IOException {
        CliHarness.Run run = cli.bkv("escrow", "--server", fake.uri().toString(), "--ca-file",
                TestTls.get().certificatePem().toString(), "--identifier", "alice@example.org", "--ksf", "test-only",
                "--password-file", passwordFile.toString(), "--key-file", keyFile.toString());
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void serviceUnavailableExitsWithTwelve() {
        fake.inject("POST", "/api/v1/vault/logins", new FakeAppliance.Refuse(503, "service-unavailable", 30));
        CliHarness.Run run = vault("recover", "--print");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.SERVER_UNAVAILABLE);
        assertThat(run.stderr()).contains("unavailable (HTTP 503); try again in 30 s");
    }

    @Test
    void garbageFromTheServerExitsWithThirteen() {
        fake.inject("POST", "/api/v1/vault/logins", new FakeAppliance.Raw(200, "text/html", "<html>portal</html>"));
        CliHarness.Run run = vault("recover", "--print");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BAD_SERVER_RESPONSE);
        assertThat(run.stderr()).contains("invalid answer from the appliance");
    }

    @Test
    void unknownSuiteOrKsfIsAUsageError() {
        assertThat(vault("recover", "--print", "--suite", "P384-SHA384").exitCode()).isEqualTo(ExitCodes.USAGE);
        CliHarness.Run run = cli.bkv("recover", "--server", fake.ipUri().toString(), "--identifier", "a",
                "--ksf", "bogus", "--print");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr()).contains("memory-constrained");
    }

    @Test
    void noTerminalAndNoPasswordFileIsAUsageError() {
        CliHarness.Run run = cli.bkv(command("recover", common(), "--identifier", "alice@example.org", "--print"));
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.stderr()).contains("--password-file");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void escrowAsksForThePasswordTwiceOnTheTerminal() throws IOException {
        CliHarness terminal = new CliHarness(Map.of()).typing("typed secret", "typed secret", "typed secret");
        CliHarness.Run escrow = terminal.bkv(command("escrow", common(), "--identifier", "alice@example.org",
                "--key-file", keyFile.toString()));
        assertThat(escrow.exitCode()).as(escrow.stderr()).isEqualTo(ExitCodes.OK);
        CliHarness.Run recover = terminal.bkv(command("recover", common(), "--identifier", "alice@example.org",
                "--print"));
        assertThat(recover.stdout()).isEqualTo(Files.readString(keyFile));
        assertThat(terminal.prompts()).containsExactly("New password for alice@example.org", "Repeat the password",
                "Password for alice@example.org");
    }

    @Test
    void differingPasswordsSendNothing() {
        CliHarness terminal = new CliHarness(Map.of()).typing("first", "second");
        CliHarness.Run escrow = terminal.bkv(command("escrow", common(), "--identifier", "alice@example.org",
                "--key-file", keyFile.toString()));
        assertThat(escrow.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(escrow.stderr()).contains("the two passwords differ");
        assertThat(fake.requests()).isEmpty();
    }

    @Test
    void helpListsTheNewExitCodes() {
        CliHarness.Run run = cli.bkv("recover", "--help");
        assertThat(run.stdout()).contains("wrong password").contains("--pin-sha256").contains("--ksf");
    }

    private CliHarness.Run vault(String command, String... args) {
        return cli.bkv(append(command(command, common(), "--identifier", "alice@example.org", "--password-file",
                passwordFile.toString()), args));
    }

    private CliHarness.Run server(String command, String... args) {
        return cli.bkv(append(new String[] {command, "--server", fake.ipUri().toString(), "--pin-sha256",
                TestTls.get().sha256Fingerprint()}, args));
    }

    private String[] common() {
        return new String[] {"--server", fake.ipUri().toString(), "--pin-sha256", TestTls.get().sha256Fingerprint(),
                "--ksf", "test-only"};
    }

    /** The command first, then the options. */
    private static String[] command(String command, String[] options, String... more) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(Arrays.asList(options));
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    private static String[] append(String[] args, String... more) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static List<String> filesIn(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
    }
}
