package org.bkv.client.sdk;

import org.bkv.client.key.BackupId;
import org.bkv.client.key.BackupKey;
import org.bkv.client.testing.FakeAppliance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Backup uploads and downloads through HTTPS against the test fake: resume, verification, refusals. */
class BkvClientBackupTest {

    private static final int SIZE = 3 << 20;

    @TempDir
    Path dir;

    private FakeAppliance fake;
    private BkvClient bkv;
    private final BackupKey key = BackupKey.generate();
    private String id;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeAppliance();
        bkv = Clients.pinned(fake).build();
        id = BackupId.derive(key).value();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void uploadThenDownloadGivesTheSameBytes() throws Exception {
        Path file = write("backup.bkv", random(SIZE));
        List<Long> progress = new ArrayList<>();
        StoredBackup stored = bkv.upload(key, file, (done, total) -> progress.add(done));
        assertThat(stored.backupId().value()).isEqualTo(id);
        assertThat(stored.length()).isEqualTo(SIZE);
        assertThat(stored.sha256()).isEqualTo(sha256Hex(Files.readAllBytes(file)));
        assertThat(progress).isSorted().last().isEqualTo((long) SIZE);

        Path restored = dir.resolve("restored.bkv");
        assertThat(bkv.download(key, restored, TransferProgress.NONE)).isEqualTo(stored);
        assertThat(restored).hasSameBinaryContentAs(file);
        assertThat(bkv.backupInfo(key)).hasValue(stored);
    }

    @Test
    void uploadResumesAfterTheConnectionBreaksMidBody() throws Exception {
        Path file = write("backup.bkv", random(SIZE));
        fake.inject("PUT", "/api/v1/backups/", new FakeAppliance.CutUploadAfter(1 << 20));
        bkv.upload(key, file, TransferProgress.NONE);
        assertThat(fake.storedBackup(id)).isEqualTo(Files.readAllBytes(file));
        assertThat(fake.requests()).contains("PUT /api/v1/backups/" + id + " Upload-Offset: 0",
                "GET /api/v1/backups/" + id + "/upload",
                "PUT /api/v1/backups/" + id + " Upload-Offset: " + (1 << 20));
    }

    @Test
    void aLaterUploadCallResumesWhatTheApplianceStaged() throws Exception {
        Path file = write("backup.bkv", random(SIZE));
        BkvClient oneShot = Clients.pinned(fake).transferAttempts(1).build();
        fake.inject("PUT", "/api/v1/backups/", new FakeAppliance.CutUploadAfter(2 << 20));
        assertThatThrownBy(() -> oneShot.upload(key, file, TransferProgress.NONE))
                .isInstanceOf(ServerUnreachableException.class);
        assertThat(fake.stagedBytes(id)).isEqualTo(2 << 20);

        bkv.upload(key, file, TransferProgress.NONE);
        assertThat(fake.requests()).last().isEqualTo("PUT /api/v1/backups/" + id + " Upload-Offset: " + (2 << 20));
        assertThat(fake.storedBackup(id)).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void anotherFilesStagedBytesAreNotResumed() throws Exception {
        BkvClient oneShot = Clients.pinned(fake).transferAttempts(1).build();
        fake.inject("PUT", "/api/v1/backups/", new FakeAppliance.CutUploadAfter(1 << 20));
        assertThatThrownBy(() -> oneShot.upload(key, write("old.bkv", random(SIZE)), TransferProgress.NONE))
                .isInstanceOf(ServerUnreachableException.class);
        Path newer = write("new.bkv", random(SIZE - 1));
        bkv.upload(key, newer, TransferProgress.NONE);
        assertThat(fake.requests()).last().isEqualTo("PUT /api/v1/backups/" + id + " Upload-Offset: 0");
        assertThat(fake.storedBackup(id)).isEqualTo(Files.readAllBytes(newer));
    }

    @Test
    void offsetMismatchIsCorrectedFromTheApplianceAnswer() throws Exception {
        Path file = write("backup.bkv", random(SIZE));
        BkvClient oneShot = Clients.pinned(fake).transferAttempts(1).build();
        fake.inject("PUT", "/api/v1/backups/", new FakeAppliance.CutUploadAfter(1 << 20));
        assertThatThrownBy(() -> oneShot.upload(key, file, TransferProgress.NONE))
                .isInstanceOf(ServerUnreachableException.class);
        // The appliance claims no staged upload, then reports where the staged copy really ends.
        fake.inject("GET", "/api/v1/backups/" + id + "/upload", new FakeAppliance.Refuse(404, "no-upload", null));
        bkv.upload(key, file, TransferProgress.NONE);
        assertThat(fake.requests()).contains("PUT /api/v1/backups/" + id + " Upload-Offset: " + (1 << 20));
        assertThat(fake.storedBackup(id)).isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void downloadResumesFromAPartialTargetFile() throws Exception {
        byte[] content = random(SIZE);
        bkv.upload(key, write("backup.bkv", content), TransferProgress.NONE);
        Path target = write("partial.bkv", Arrays.copyOf(content, 1_000_000));
        List<Long> progress = new ArrayList<>();
        bkv.download(key, target, (done, total) -> progress.add(done));
        assertThat(target).hasBinaryContent(content);
        assertThat(fake.requests()).last().isEqualTo("GET /api/v1/backups/" + id + " Range: bytes=1000000-");
        assertThat(progress.get(0)).isEqualTo(1_000_000L);
    }

    @Test
    void downloadResumesAfterTheConnectionBreaks() throws Exception {
        byte[] content = random(SIZE);
        bkv.upload(key, write("backup.bkv", content), TransferProgress.NONE);
        fake.inject("GET", "/api/v1/backups/" + id, new FakeAppliance.CutDownloadAfter(1 << 20));
        Path target = dir.resolve("restored.bkv");
        bkv.download(key, target, TransferProgress.NONE);
        assertThat(target).hasBinaryContent(content);
        assertThat(fake.requests()).last().asString().startsWith("GET /api/v1/backups/" + id + " Range: bytes=");
    }

    @Test
    void aPartialFileFromAnotherBackupIsDiscardedAndTheDownloadRestarts() throws Exception {
        byte[] content = random(SIZE);
        bkv.upload(key, write("backup.bkv", content), TransferProgress.NONE);
        Path target = write("stale.bkv", random(5000));
        bkv.download(key, target, TransferProgress.NONE);
        assertThat(target).hasBinaryContent(content);
        assertThat(fake.requests()).last().isEqualTo("GET /api/v1/backups/" + id);
    }

    @Test
    void aPartialFileLongerThanTheBackupIsDiscarded() throws Exception {
        byte[] content = random(10_000);
        bkv.upload(key, write("backup.bkv", content), TransferProgress.NONE);
        Path target = write("long.bkv", random(20_000));
        bkv.download(key, target, TransferProgress.NONE);
        assertThat(target).hasBinaryContent(content);
    }

    @Test
    void aCorruptedStoredCopyIsRejectedByItsDigest() throws Exception {
        bkv.upload(key, write("backup.bkv", random(100_000)), TransferProgress.NONE);
        fake.corruptStoredBackup(id, 500);
        assertThatThrownBy(() -> bkv.download(key, dir.resolve("restored.bkv"), TransferProgress.NONE))
                .isInstanceOf(InvalidServerResponseException.class)
                .hasMessageContaining("does not match the SHA-256");
    }

    @Test
    void downloadWithoutAStoredBackupIsNotFound() throws Exception {
        bkv.upload(key, write("backup.bkv", random(10)), TransferProgress.NONE);
        bkv.deleteBackup(key);
        assertThat(bkv.backupInfo(key)).isEmpty();
        ServerProblemException missing = catchThrowableOfType(ServerProblemException.class,
                () -> bkv.download(key, dir.resolve("restored.bkv"), TransferProgress.NONE));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).hasValue("no-backup");
    }

    @Test
    void tooLargeUploadIsRefused() throws Exception {
        fake.maxBackupBytes(1000);
        ServerProblemException refused = catchThrowableOfType(ServerProblemException.class,
                () -> bkv.upload(key, write("backup.bkv", random(1001)), TransferProgress.NONE));
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.getMessage()).contains("at most 1000");
        assertThat(fake.count("PUT ")).as("refused before sending a byte").isZero();
    }

    @Test
    void emptyBackupRoundTrips() throws Exception {
        Path file = write("empty.bkv", new byte[0]);
        bkv.upload(key, file, TransferProgress.NONE);
        Path restored = dir.resolve("restored.bkv");
        bkv.download(key, restored, TransferProgress.NONE);
        assertThat(restored).isEmptyFile();
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
