package org.bkv.web.vault;

import org.bkv.ejb.application.RecoveryService;
import org.bkv.ejb.application.RegistrationService;
import org.bkv.ejb.domain.vault.Authorization;
import org.bkv.ejb.domain.vault.RecordLockedException;
import org.bkv.ejb.domain.vault.RecoveryFailedException;
import org.bkv.opaque.Suite;

/** Records for other test packages (the console IT's probe): register, recover, guess wrong, with {@link VaultClient}. */
public final class TestRecords {

    private final VaultClient client;
    private final RecoveryService recovery;

    public TestRecords(RegistrationService registration, RecoveryService recovery) {
        this.client = new VaultClient(registration, recovery);
        this.recovery = recovery;
    }

    public void register(String identifier, String password) throws Exception {
        byte[] key = new byte[32];
        VaultClient.RANDOM.nextBytes(key);
        client.register(identifier, Suite.P256_SHA256, password, key, Authorization.NONE);
    }

    public void recover(String identifier, String password) throws Exception {
        client.recover(identifier, Suite.P256_SHA256, password);
    }

    /** One wrong guess (a KE3 that cannot verify). Returns false once the record refuses logins (locked). */
    public boolean guessWrong(String identifier) throws Exception {
        VaultClient.Login login;
        try {
            login = client.startLogin(identifier, Suite.P256_SHA256, "wrong password");
        } catch (RecordLockedException e) {
            return false;
        }
        try {
            recovery.finish(login.started().loginId(), VaultClient.bogusKe3(Suite.P256_SHA256));
            throw new IllegalStateException("a bogus KE3 was accepted");
        } catch (RecoveryFailedException expected) {
            return true;
        }
    }
}
