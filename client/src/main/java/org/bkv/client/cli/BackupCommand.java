package org.bkv.client.cli;

import org.bkv.client.backup.BackupCipher;
import org.bkv.client.key.BackupKey;
import org.bkv.client.sdk.BkvException;
import org.bkv.client.sdk.StoredBackup;
import org.bkv.opaque.KsfProfile;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code bkv backup}: encrypt a file and store it on the appliance. The ciphertext goes to a temporary file
 * first: the upload must announce its length and SHA-256 before the body, and a resumed upload must send
 * the very same bytes (encryption is randomised), which a stream could not give twice.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Encrypt FILE with the backup key (bkv-backup-v1) and upload it to the appliance, replacing"
                + " the previous backup of this key once the new one is stored and verified.",
                "An interrupted upload is resumed where the appliance's copy ends. If bkv gives up, it keeps the"
                        + " encrypted copy and says how to resume with --encrypted.",
                "Example: bkv backup --server https://bkv.example.org:8443 --pin-sha256 AB:CD:... "
                        + "--key-file backup.key photos.tar"})
final class BackupCommand implements Callable<Integer> {

    @ParentCommand
    BkvCli bkv;

    @Mixin
    ServerOptions server;

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeyInput keyInput;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to back up.")
    Path input;

    @Option(names = "--encrypted", description = "FILE is already a bkv-backup-v1 file (from `bkv encrypt`, or"
            + " kept by an interrupted `bkv backup`): upload it as it is.")
    boolean encrypted;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the temporary encrypted copy is written (default: the system temporary directory).")
    Path workDirectory;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new CliFailure(ExitCodes.IO_ERROR, Files.exists(input) ? "input " + input + " is not a file"
                    : "no such file: " + input);
        }
        BackupKey key = keyInput.read(bkv.environment().variables());
        var client = server.client(KsfProfile.TEST_ONLY.ksf()); // backups run no OPAQUE: the KSF is unused
        Path ciphertext = null;
        boolean keep = false;
        try {
            ciphertext = encrypted ? input : encrypt(key);
            ServerOptions.Meter meter = server.meter(bkv, "uploading");
            StoredBackup stored;
            try {
                stored = client.upload(key, ciphertext, meter);
            } catch (BkvException e) {
                keep = !encrypted;
                CliFailure failure = ServerFailures.describe(e);
                throw new CliFailure(failure.exitCode(), failure.getMessage() + (keep ? "; the encrypted copy is kept"
                        + " at " + ciphertext + ": resume with `bkv backup --encrypted " + ciphertext + "`" : ""));
            } finally {
                meter.finish();
            }
            bkv.err().println("bkv: backup stored: " + ProgressMeter.size(stored.length()) + ", SHA-256 "
                    + stored.sha256() + ", backup id " + stored.backupId());
            return ExitCodes.OK;
        } finally {
            key.destroy();
            if (!encrypted && ciphertext != null && !keep) {
                Files.deleteIfExists(ciphertext);
            }
        }
    }

    private Path encrypt(BackupKey key) throws IOException {
        Path directory = workDirectory != null ? workDirectory : Path.of(System.getProperty("java.io.tmpdir"));
        Path ciphertext = Files.createTempFile(directory, "bkv-backup-", ".bkv");
        boolean done = false;
        ServerOptions.Meter meter = server.meter(bkv, "encrypting");
        try (InputStream in = Files.newInputStream(input);
             OutputStream out = Files.newOutputStream(ciphertext)) {
            long total = Files.size(input);
            InputStream counted = new java.io.FilterInputStream(in) {
                private long read;

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0) {
                        read += n;
                        meter.update(read, total);
                    }
                    return n;
                }
            };
            new BackupCipher().encrypt(key, counted, out);
            done = true;
            return ciphertext;
        } finally {
            meter.finish();
            if (!done) {
                Files.deleteIfExists(ciphertext);
            }
        }
    }
}
