package org.bkv.client.cli;

import org.bkv.client.sdk.BkvClient;
import org.bkv.client.sdk.BkvException;
import org.bkv.client.sdk.RecoveredKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code bkv delete-record}: remove an escrowed key from the vault (proving the password first). */
@Command(name = "delete-record", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Delete the vault record of an identifier. The password is checked first by a recovery"
                + " (one attempt); the appliance deletes only with that recovery's session token."})
final class DeleteRecordCommand implements Callable<Integer> {

    @ParentCommand
    BkvCli bkv;

    @Mixin
    ServerOptions server;

    @Mixin
    VaultOptions vault;

    @Mixin
    PasswordInput password;

    @Override
    public Integer call() {
        String identifier = vault.identifier();
        BkvClient client = server.client(vault.ksf);
        char[] secret = password.read(bkv.environment(), "Password for " + identifier, false);
        try {
            RecoveredKey recovered = client.recover(identifier, secret, vault.suite);
            recovered.backupKey().destroy();
            client.deleteRecord(identifier, recovered.sessionToken());
            bkv.err().println("bkv: deleted the vault record of \"" + identifier + "\"");
            return ExitCodes.OK;
        } catch (BkvException e) {
            throw ServerFailures.describe(e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }
}
