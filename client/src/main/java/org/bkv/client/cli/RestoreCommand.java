package org.bkv.client.cli;

import org.bkv.client.backup.BackupCipher;
import org.bkv.client.backup.BackupFormatException;
import org.bkv.client.key.BackupKey;
import org.bkv.client.sdk.BkvException;
import org.bkv.client.sdk.ServerProblemException;
import org.bkv.opaque.KsfProfile;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code bkv restore}: download the backup of a key and decrypt it. The ciphertext lands in a hidden file
 * beside OUTPUT ({@code .OUTPUT.bkv-download}), so an interrupted restore resumes where it stopped.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Download the backup stored for the backup key and decrypt it into OUTPUT.",
                "The download goes to .OUTPUT.bkv-download beside OUTPUT and resumes from there if interrupted;"
                        + " it is checked against the appliance's SHA-256, then every segment is authenticated"
                        + " while decrypting. OUTPUT appears only when all of it verified.",
                "Example: bkv restore --server https://bkv.example.org:8443 --pin-sha256 AB:CD:... "
                        + "--key-file backup.key photos.tar"})
final class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    BkvCli bkv;

    @Mixin
    ServerOptions server;

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeyInput keyInput;

    @Parameters(index = "0", paramLabel = "OUTPUT", description = "Where to write the restored file.")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Replace OUTPUT if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        BackupKey key = keyInput.read(bkv.environment().variables());
        try (OutputFile file = OutputFile.create(output, force)) {
            Path partial = output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".bkv-download");
            var client = server.client(KsfProfile.TEST_ONLY.ksf()); // backups run no OPAQUE: the KSF is unused
            ServerOptions.Meter meter = server.meter(bkv, "downloading");
            try {
                client.download(key, partial, meter);
            } catch (ServerProblemException e) {
                if (e.status() == 404) {
                    throw new CliFailure(ExitCodes.SERVER_REFUSED, "the appliance holds no backup for this backup key");
                }
                throw ServerFailures.describe(e);
            } catch (BkvException e) {
                CliFailure failure = ServerFailures.describe(e);
                throw new CliFailure(failure.exitCode(), failure.getMessage()
                        + (Files.exists(partial) ? "; run the same command again to resume the download" : ""));
            } finally {
                meter.finish();
            }
            try (InputStream in = Files.newInputStream(partial)) {
                new BackupCipher().decrypt(key, in, file.stream());
            } catch (BackupFormatException e) {
                Files.deleteIfExists(partial);
                throw new CliFailure(ExitCodes.BACKUP_REJECTED, "cannot decrypt the downloaded backup: "
                        + e.getMessage() + "; no output file was written");
            }
            file.commit();
            Files.deleteIfExists(partial);
            bkv.err().println("bkv: restored " + output);
            return ExitCodes.OK;
        } finally {
            key.destroy();
        }
    }
}
