package org.bkv.web.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.bkv.ejb.application.LoginStarted;
import org.bkv.ejb.application.RecoveryService;
import org.bkv.ejb.application.Recovered;
import org.bkv.ejb.application.Registered;
import org.bkv.ejb.application.RegistrationService;
import org.bkv.ejb.application.RegistrationStarted;
import org.bkv.ejb.domain.vault.Authorization;
import org.bkv.opaque.ClientLogin;
import org.bkv.opaque.ClientRegistration;
import org.bkv.opaque.KE2;
import org.bkv.opaque.Ksf;
import org.bkv.opaque.ProtocolOptions;
import org.bkv.opaque.RegistrationResponse;
import org.bkv.opaque.Suite;

/**
 * A backup client as the SDK will be, driving the EJB services with opaque/'s client side: OPAQUE with the identity
 * KSF (tests only), the backup key sealed as DESIGN §4.2 says (AES-256-GCM under HKDF-SHA256(export_key,
 * "BKV backup key wrap")).
 */
final class VaultClient {
    static final SecureRandom RANDOM = new SecureRandom();

    private final RegistrationService registration;
    private final RecoveryService recovery;
    /** The session token of this client's last successful recovery (for replace and delete). */
    String lastSessionToken;

    VaultClient(RegistrationService registration, RecoveryService recovery) {
        this.registration = registration;
        this.recovery = recovery;
    }

    Registered register(String identifier, Suite suite, String password, byte[] backupKey, Authorization auth) throws Exception {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        ClientRegistration.Start start = ClientRegistration.start(suite, pw, RANDOM);
        RegistrationStarted started = registration.start(identifier, suite.wireName(), start.message().serialize(), auth);
        RegistrationResponse response = RegistrationResponse.deserialize(suite, started.registrationResponse());
        ClientRegistration.Finish finish = start.state().finish(pw, response, Ksf.IDENTITY, ProtocolOptions.DEFAULT, RANDOM);
        return registration.finish(started.registrationId(), finish.message().serialize(), seal(finish.exportKey(), backupKey), auth);
    }

    /** A login start; the client state is kept to finish it. */
    Login startLogin(String identifier, Suite suite, String password) throws Exception {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        ClientLogin.Start start = ClientLogin.start(suite, pw, RANDOM);
        LoginStarted started = recovery.start(identifier, suite.wireName(), start.message().serialize(), Authorization.NONE);
        return new Login(suite, pw, start.state(), started);
    }

    /** The full recovery with the right password: the backup key, opened with the export key. */
    byte[] recover(String identifier, Suite suite, String password) throws Exception {
        Login login = startLogin(identifier, suite, password);
        ClientLogin.Finish finish = login.clientFinish();
        Recovered recovered = recovery.finish(login.started().loginId(), finish.message().serialize());
        lastSessionToken = recovered.sessionToken();
        return open(finish.exportKey(), recovered.sealedBackupKey());
    }

    /** What an attacker sends after a wrong guess: a KE3 of the right size that cannot verify. */
    static byte[] bogusKe3(Suite suite) {
        byte[] ke3 = new byte[suite.ke3Length()];
        RANDOM.nextBytes(ke3);
        return ke3;
    }

    record Login(Suite suite, byte[] password, ClientLogin state, LoginStarted started) {
        KE2 ke2() throws Exception {
            return KE2.deserialize(suite, started.ke2());
        }

        ClientLogin.Finish clientFinish() throws Exception {
            return state.finish(password, ke2(), Ksf.IDENTITY, ProtocolOptions.DEFAULT);
        }
    }

    static byte[] seal(byte[] exportKey, byte[] backupKey) throws GeneralSecurityException {
        return org.bkv.web.api.Seal.seal(exportKey, backupKey);
    }

    static byte[] open(byte[] exportKey, byte[] sealed) throws GeneralSecurityException {
        return org.bkv.web.api.Seal.open(exportKey, sealed);
    }
}
