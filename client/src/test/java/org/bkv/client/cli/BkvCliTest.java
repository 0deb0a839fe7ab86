package org.bkv.client.cli;

import org.bkv.client.key.BackupKey;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The bkv command line, run in-process with temporary files. */
class BkvCliTest {

    @TempDir
    Path dir;

    private byte[] stdin = new byte[0];
    private Map<String, String> variables = Map.of();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @Test
    void keygenPrintsANewKeyInTheDigitsForm() {
        assertThat(bkv("keygen")).isEqualTo(ExitCodes.OK);
        String printed = stdout.toString(StandardCharsets.US_ASCII);
        assertThat(printed).endsWith("\n");
        assertThat(BackupKey.parseDigits(printed.strip()).toDigits()).isEqualTo(printed.strip());
    }

    @Test
    void keygenWritesAnOwnerOnlyKeyFile() throws IOException {
        Path keyFile = dir.resolve("backup.key");
        assertThat(bkv("keygen", "--out", keyFile.toString())).isEqualTo(ExitCodes.OK);
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(stdout.size()).isZero();
        BackupKey.parseDigits(Files.readString(keyFile).strip());
    }

    @Test
    void keygenRefusesToReplaceAKeyFileWithoutForce() throws IOException {
        Path keyFile = dir.resolve("backup.key");
        Files.writeString(keyFile, "precious");
        assertThat(bkv("keygen", "--out", keyFile.toString())).isEqualTo(ExitCodes.OUTPUT_EXISTS);
        assertThat(Files.readString(keyFile)).isEqualTo("precious");
        assertThat(stderr()).contains("already exists").contains("--force");
    }

    @Test
    void keygenEncryptDecryptRoundTripThroughFiles() throws IOException {
        Path keyFile = dir.resolve("backup.key");
        Path input = write("photos.tar", randomBytes(300_000));
        assertThat(bkv("keygen", "--out", keyFile.toString())).isEqualTo(ExitCodes.OK);
        assertThat(bkv("encrypt", "--key-file", keyFile.toString(), "--out", dir.resolve("photos.bkv").toString(),
                input.toString())).isEqualTo(ExitCodes.OK);
        assertThat(bkv("decrypt", "--key-file", keyFile.toString(), "--out", dir.resolve("restored.tar").toString(),
                dir.resolve("photos.bkv").toString())).isEqualTo(ExitCodes.OK);
        assertThat(dir.resolve("restored.tar")).hasSameBinaryContentAs(input);
        assertThat(Files.getPosixFilePermissions(dir.resolve("restored.tar")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void encryptAndDecryptWorkAsAPipeWithAKeyFromTheEnvironment() {
        variables = Map.of("BKV_KEY", BackupKey.generate().toDigits());
        byte[] plaintext = randomBytes(5000);
        stdin = plaintext;
        assertThat(bkv("encrypt", "--key-env", "BKV_KEY")).isEqualTo(ExitCodes.OK);
        stdin = stdout.toByteArray();
        stdout.reset();
        assertThat(bkv("decrypt", "--key-env", "BKV_KEY", "-")).isEqualTo(ExitCodes.OK);
        assertThat(stdout.toByteArray()).isEqualTo(plaintext);
    }

    @Test
    void wrongKeyExitsWithFourAndLeavesNoOutputFile() throws IOException {
        Path backup = encryptedFile(randomBytes(10_000));
        Path otherKey = write("other.key", (BackupKey.generate().toDigits() + "\n").getBytes(StandardCharsets.US_ASCII));
        Path restored = dir.resolve("restored.bin");
        assertThat(bkv("decrypt", "--key-file", otherKey.toString(), "--out", restored.toString(), backup.toString()))
                .isEqualTo(ExitCodes.BACKUP_REJECTED);
        assertThat(restored).doesNotExist();
        assertThat(filesIn(dir)).containsExactlyInAnyOrder("backup.key", "backup.bkv", "other.key");
        assertThat(stderr()).contains("wrong backup key").contains("no output file was written");
    }

    @Test
    void truncatedBackupExitsWithFourAndLeavesNoOutputFile() throws IOException {
        Path backup = encryptedFile(randomBytes(3 << 20));
        byte[] bytes = Files.readAllBytes(backup);
        Files.write(backup, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        Path restored = dir.resolve("restored.bin");
        assertThat(bkv("decrypt", "--key-file", dir.resolve("backup.key").toString(), "-o", restored.toString(),
                backup.toString())).isEqualTo(ExitCodes.BACKUP_REJECTED);
        assertThat(restored).doesNotExist();
    }

    @Test
    void existingOutputIsNotOverwrittenWithoutForce() throws IOException {
        Path backup = encryptedFile(randomBytes(1000));
        Path existing = write("existing.bin", "keep me".getBytes(StandardCharsets.US_ASCII));
        assertThat(bkv("decrypt", "--key-file", dir.resolve("backup.key").toString(), "--out", existing.toString(),
                backup.toString())).isEqualTo(ExitCodes.OUTPUT_EXISTS);
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }

    @Test
    void existingOutputIsReplacedWithForce() throws IOException {
        byte[] plaintext = randomBytes(1000);
        Path backup = encryptedFile(plaintext);
        Path existing = write("existing.bin", "old".getBytes(StandardCharsets.US_ASCII));
        assertThat(bkv("decrypt", "--key-file", dir.resolve("backup.key").toString(), "--out", existing.toString(),
                "--force", backup.toString())).isEqualTo(ExitCodes.OK);
        assertThat(existing).hasBinaryContent(plaintext);
    }

    @Test
    void badKeyFileExitsWithThreeWithoutEchoingIt() throws IOException {
        Path keyFile = write("bad.key", "9a3f 0c71 e2d4 5b86 17fa c039 4e2d 88b1 6c05 d9e7 3a14 f260 0b9c 7d53 e81a 2f4"
                .getBytes(StandardCharsets.US_ASCII));
        Path input = write("in.bin", randomBytes(10));
        assertThat(bkv("encrypt", "--key-file", keyFile.toString(), "--out", dir.resolve("out.bkv").toString(),
                input.toString())).isEqualTo(ExitCodes.BAD_KEY);
        assertThat(stderr()).contains("bad backup key").contains("got 78 characters").doesNotContain("9a3f");
        assertThat(dir.resolve("out.bkv")).doesNotExist();
    }

    @Test
    void missingKeyFileExitsWithThree() {
        assertThat(bkv("decrypt", "--key-file", dir.resolve("nope.key").toString(), "-"))
                .isEqualTo(ExitCodes.BAD_KEY);
        assertThat(stderr()).contains("does not exist");
    }

    @Test
    void unsetKeyVariableExitsWithThree() {
        assertThat(bkv("decrypt", "--key-env", "BKV_NOT_SET")).isEqualTo(ExitCodes.BAD_KEY);
        assertThat(stderr()).contains("BKV_NOT_SET is not set");
    }

    @Test
    void keyFileWithWindowsLineEndingIsAccepted() throws IOException {
        Path keyFile = write("crlf.key", (BackupKey.generate().toDigits() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        stdin = randomBytes(10);
        assertThat(bkv("encrypt", "--key-file", keyFile.toString())).isEqualTo(ExitCodes.OK);
    }

    @Test
    void missingKeyOptionIsAUsageError() {
        assertThat(bkv("encrypt", "-")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void bothKeyOptionsAreAUsageError() throws IOException {
        Path keyFile = write("k.key", BackupKey.generate().toDigits().getBytes(StandardCharsets.US_ASCII));
        assertThat(bkv("encrypt", "--key-file", keyFile.toString(), "--key-env", "X")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(bkv()).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("keygen").contains("encrypt").contains("decrypt");
    }

    @Test
    void missingInputFileExitsWithFive() throws IOException {
        Path keyFile = write("k.key", BackupKey.generate().toDigits().getBytes(StandardCharsets.US_ASCII));
        assertThat(bkv("encrypt", "--key-file", keyFile.toString(), dir.resolve("missing.bin").toString()))
                .isEqualTo(ExitCodes.IO_ERROR);
        assertThat(stderr()).contains("no such file");
    }

    @Test
    void encryptRefusesToWriteBinaryToATerminal() throws IOException {
        Path keyFile = write("k.key", BackupKey.generate().toDigits().getBytes(StandardCharsets.US_ASCII));
        int exit = BkvCli.commandLine(new CliEnvironment(new ByteArrayInputStream(new byte[1]), stdout,
                new PrintStream(stderr, true, StandardCharsets.UTF_8), variables, true, false))
                .execute("encrypt", "--key-file", keyFile.toString());
        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(stdout.size()).isZero();
    }

    @Test
    void helpListsTheExitCodes() {
        assertThat(bkv("decrypt", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(stdout.toString(StandardCharsets.UTF_8))
                .contains("Exit codes:").contains("backup rejected").contains("--key-file").contains("--force");
    }

    @Test
    void helpAndMistypedCommandsSeeEveryCommandWhileANamedCommandRunsAlone() {
        assertThat(bkv("--help")).isEqualTo(ExitCodes.OK);
        String help = stdout.toString(StandardCharsets.UTF_8);
        for (String command : List.of("keygen", "encrypt", "decrypt", "escrow", "recover", "backup", "restore",
                "delete-record", "audit", "help")) {
            assertThat(help).as(command).containsPattern("(?m)^\\s+" + command + "\\s");
        }
        stdout.reset();
        assertThat(bkv("help", "restore")).isEqualTo(ExitCodes.OK);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("Usage: bkv restore");
        assertThat(bkv("encrpyt", "x")).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("encrypt"); // picocli's suggestion needs the whole tree
        assertThat(bkv()).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr()).contains("missing command");

        CommandLine alone = BkvCli.commandLine(new CliEnvironment(new ByteArrayInputStream(stdin), stdout,
                new PrintStream(stderr, true, StandardCharsets.UTF_8), variables, false, false), "encrypt", "--help");
        assertThat(alone.getSubcommands().keySet()).containsExactly("encrypt");
        assertThat(alone.getSubcommands().get("encrypt").getCommandSpec().qualifiedName()).isEqualTo("bkv encrypt");
    }

    @Test
    void theCipherWarmsUpBeforeParsingOnlyForALargeInputFile() throws IOException {
        Path large = dir.resolve("large");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(large.toFile(), "rw")) {
            file.setLength(TransferCommand.WARM_UP_INPUT_SIZE); // sparse: no 64 MiB written
        }
        Path small = Files.write(dir.resolve("small"), new byte[1000]);
        String big = large.toString();
        assertThat(TransferCommand.warmUpForLargeInput(new String[] {"encrypt", "--key-file", "k", "-o", "x", big}))
                .isTrue();
        assertThat(TransferCommand.warmUpForLargeInput(new String[] {"decrypt", big})).isTrue();
        assertThat(TransferCommand.warmUpForLargeInput(new String[] {"encrypt", "--key-file", "k", small.toString()}))
                .isFalse();
        assertThat(TransferCommand.warmUpForLargeInput(new String[] {"encrypt", "-"})).isFalse();
        assertThat(TransferCommand.warmUpForLargeInput(new String[] {"backup", big})).isFalse();
        assertThat(TransferCommand.warmUpForLargeInput(new String[] {big})).isFalse();
        assertThat(TransferCommand.warmUpForLargeInput(new String[0])).isFalse();
    }

    private int bkv(String... args) {
        stderr.reset();
        CliEnvironment environment = new CliEnvironment(new ByteArrayInputStream(stdin), stdout,
                new PrintStream(stderr, true, StandardCharsets.UTF_8), variables, false, false);
        return BkvCli.commandLine(environment, args).execute(args);
    }

    private String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private Path encryptedFile(byte[] plaintext) throws IOException {
        Path keyFile = dir.resolve("backup.key");
        if (!Files.exists(keyFile)) {
            assertThat(bkv("keygen", "--out", keyFile.toString())).isEqualTo(ExitCodes.OK);
        }
        Path input = write("plain.tmp", plaintext);
        Path backup = dir.resolve("backup.bkv");
        assertThat(bkv("encrypt", "--key-file", keyFile.toString(), "--out", backup.toString(), "--force",
                input.toString())).isEqualTo(ExitCodes.OK);
        Files.delete(input);
        return backup;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static java.util.List<String> filesIn(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
    }
}
