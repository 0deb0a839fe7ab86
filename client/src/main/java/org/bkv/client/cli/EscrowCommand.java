package org.bkv.client.cli;

import org.bkv.client.key.BackupKey;
import org.bkv.client.sdk.BkvClient;
import org.bkv.client.sdk.BkvException;
import org.bkv.client.sdk.RecoveredKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code bkv escrow}: put a backup key behind a password in the appliance's vault. */
@Command(name = "escrow", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Escrow a backup key in the appliance's vault behind a password (OPAQUE: the appliance never"
                + " learns the password, and allows only a limited number of wrong guesses).",
                "The password is asked twice on the terminal unless --password-file is given.",
                "Example: bkv escrow --server https://bkv.example.org:8443 --pin-sha256 AB:CD:... "
                        + "--identifier alice@example.org --key-file backup.key"})
final class EscrowCommand implements Callable<Integer> {

    @ParentCommand
    BkvCli bkv;

    @Mixin
    ServerOptions server;

    @Mixin
    VaultOptions vault;

    @ArgGroup(exclusive = true, multiplicity = "1")
    KeyInput keyInput;

    @Mixin
    PasswordInput password;

    @Option(names = "--replace", description = "Replace the key escrowed under this identifier; asks for the"
            + " current password first (that recovery counts as an attempt, and resets the count if right).")
    boolean replace;

    @Option(names = "--current-password-file", paramLabel = "FILE",
            description = "With --replace: read the current password from FILE instead of the terminal.")
    Path currentPasswordFile;

    @Override
    public Integer call() {
        String identifier = vault.identifier();
        BackupKey key = keyInput.read(bkv.environment().variables());
        BkvClient client = server.client(vault.ksf);
        char[] newPassword = null;
        char[] current = null;
        RecoveredKey recovered = null;
        try {
            if (replace) {
                current = currentPasswordFile != null ? PasswordInput.fromFile(currentPasswordFile)
                        : password.passwordFile != null ? null : PasswordInput.ask(bkv.environment(), "Current password", false);
                if (current == null) {
                    throw new CliFailure(ExitCodes.USAGE, "--replace with --password-file also needs"
                            + " --current-password-file");
                }
            }
            newPassword = password.read(bkv.environment(), "New password for " + identifier, true);
            if (replace) {
                recovered = client.recover(identifier, current, vault.suite);
                client.escrowReplacing(identifier, newPassword, key, vault.suite, recovered.sessionToken());
            } else {
                client.escrow(identifier, newPassword, key, vault.suite);
            }
            bkv.err().println("bkv: the backup key is escrowed under \"" + identifier + "\" (" + vault.suite.wireName()
                    + ", --ksf " + vault.ksfName() + "); recover it with the same --suite and --ksf");
            return ExitCodes.OK;
        } catch (BkvException e) {
            throw ServerFailures.describe(e);
        } finally {
            key.destroy();
            if (recovered != null) {
                recovered.backupKey().destroy();
            }
            if (newPassword != null) {
                Arrays.fill(newPassword, '\0');
            }
            if (current != null) {
                Arrays.fill(current, '\0');
            }
        }
    }
}
