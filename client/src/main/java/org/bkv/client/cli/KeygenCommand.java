package org.bkv.client.cli;

import org.bkv.client.key.BackupKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code bkv keygen}: a new random backup key in its 64-digit form. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Generate a new random 256-bit backup key and print it as 64 hex digits in 16 groups of 4.",
                "Keep it safe: without it (or the vault) a backup cannot be decrypted."})
final class KeygenCommand implements Callable<Integer> {

    @ParentCommand
    BkvCli bkv;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Write the key to FILE (created readable only by you, mode 600) instead of printing it.")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Replace FILE if it exists (the old key is lost).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        BackupKey key = BackupKey.generate();
        byte[] line = (key.toDigits() + "\n").getBytes(StandardCharsets.US_ASCII);
        key.destroy();
        try {
            if (output == null) {
                bkv.environment().stdout().write(line);
                bkv.environment().stdout().flush();
                return ExitCodes.OK;
            }
            try (OutputFile file = OutputFile.create(output, force)) {
                file.stream().write(line);
                file.commit();
            }
            bkv.err().println("bkv: wrote a new backup key to " + output + " (readable only by you)");
            bkv.err().flush();
            return ExitCodes.OK;
        } finally {
            Arrays.fill(line, (byte) 0);
        }
    }
}
