package org.bkv.client.cli;

import org.bkv.client.backup.BackupCipher;
import org.bkv.client.key.BackupKey;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** {@code bkv decrypt}: a {@code bkv-backup-v1} backup back into its plaintext. */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = {"Decrypt a bkv-backup-v1 backup (file or standard input) with its backup key.",
                "Every segment is authenticated before its plaintext is written; a modified, truncated"
                        + " or reordered backup, or a wrong key, ends with exit code 4. With --out, the"
                        + " output file appears only if the whole backup verified.",
                "Example: bkv decrypt --key-file backup.key --out photos.tar photos.tar.bkv"})
final class DecryptCommand extends TransferCommand {

    @Override
    String progressLabel() {
        return "decrypting";
    }

    @Override
    void checkStandardOutput(CliEnvironment environment) {
        // Plaintext to a terminal is the user's choice.
    }

    @Override
    void transfer(BackupKey key, InputStream in, OutputStream out) throws IOException {
        new BackupCipher().decrypt(key, in, out);
    }
}
