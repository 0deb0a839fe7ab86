package org.bkv.client.cli;

import org.bkv.client.key.BackupKey;
import org.bkv.client.sdk.BkvException;
import org.bkv.client.sdk.RecoveredKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code bkv recover}: get an escrowed backup key back with its password. */
@Command(name = "recover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recover the backup key escrowed under an identifier. Every try counts as one password"
                + " guess; after the appliance's limit the key is locked or destroyed.",
                "Example: bkv recover --server https://bkv.example.org:8443 --pin-sha256 AB:CD:... "
                        + "--identifier alice@example.org --out backup.key"})
final class RecoverCommand implements Callable<Integer> {

    @ParentCommand
    BkvCli bkv;

    @Mixin
    ServerOptions server;

    @Mixin
    VaultOptions vault;

    @Mixin
    PasswordInput password;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Destination destination;

    static final class Destination {
        @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true,
                description = "Write the key to FILE (created readable only by you), as `bkv keygen --out` does.")
        Path output;

        @Option(names = "--print", required = true, description = "Print the key's 64-digit form on standard output.")
        boolean print;
    }

    @Option(names = {"-f", "--force"}, description = "Replace FILE if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        String identifier = vault.identifier();
        if (destination.output != null && !force) {
            OutputFile.create(destination.output, false).close(); // refuse now, before spending an attempt
        }
        var client = server.client(vault.ksf);
        char[] secret = password.read(bkv.environment(), "Password for " + identifier, false);
        BackupKey key;
        try {
            RecoveredKey recovered = client.recover(identifier, secret, vault.suite);
            key = recovered.backupKey();
        } catch (BkvException e) {
            throw ServerFailures.describe(e);
        } finally {
            Arrays.fill(secret, '\0');
        }
        byte[] line = (key.toDigits() + "\n").getBytes(StandardCharsets.US_ASCII);
        key.destroy();
        try {
            if (destination.print) {
                bkv.environment().stdout().write(line);
                bkv.environment().stdout().flush();
                return ExitCodes.OK;
            }
            try (OutputFile file = OutputFile.create(destination.output, force)) {
                file.stream().write(line);
                file.commit();
            }
            bkv.err().println("bkv: recovered the backup key into " + destination.output + " (readable only by you)");
            return ExitCodes.OK;
        } finally {
            Arrays.fill(line, (byte) 0);
        }
    }
}
