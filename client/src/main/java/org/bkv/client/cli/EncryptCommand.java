package org.bkv.client.cli;

import org.bkv.client.backup.BackupCipher;
import org.bkv.client.key.BackupKey;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@code bkv encrypt}: a file or stdin into a {@code bkv-backup-v1} backup. */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = {"Encrypt a file (or standard input) into a bkv-backup-v1 backup with a backup key.",
                "Example: bkv encrypt --key-file backup.key --out photos.tar.bkv photos.tar"})
final class EncryptCommand extends TransferCommand {

    @Override
    String progressLabel() {
        return "encrypting";
    }

    @Override
    void checkStandardOutput(CliEnvironment environment) {
        if (environment.stdoutIsTerminal()) {
            throw new CliFailure(ExitCodes.USAGE, "refusing to write a binary backup to the terminal; "
                    + "use --out FILE or redirect standard output");
        }
    }

    @Override
    void transfer(BackupKey key, InputStream in, OutputStream out) throws IOException {
        new BackupCipher().encrypt(key, in, out);
    }
}
