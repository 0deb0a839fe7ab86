package org.bkv.opaque.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bkv.opaque.ClientLogin;
import org.bkv.opaque.ClientRegistration;
import org.bkv.opaque.KE1;
import org.bkv.opaque.Ksf;
import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.ProtocolOptions;
import org.bkv.opaque.RegistrationRecord;
import org.bkv.opaque.ServerLogin;
import org.bkv.opaque.ServerRegistration;
import org.bkv.opaque.Suite;
import org.bkv.opaque.server.ServerStaticKey;
import org.bkv.opaque.server.SoftwareOprfKey;
import org.bkv.opaque.server.SoftwareServerStaticKey;
import org.junit.jupiter.api.Test;

/**
 * Which tables a P-256 server login builds: with a software static key the client keyshare is multiplied twice in
 * process (e·X, s·X) and gets one comb table; with a static key that multiplies elsewhere (the HSM) it is multiplied
 * once and gets the ladder's table only, so that path pays for no comb. Either way the login completes.
 */
class P256LoginTablesTest {
    private static final Suite SUITE = Suite.P256_SHA256;
    private static final byte[] PASSWORD = "correct horse".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RND = new SecureRandom();

    @Test
    void softwareStaticKeyLoginBuildsOneCombForTheClientKeyshare() throws Exception {
        SoftwareServerStaticKey serverKey = SoftwareServerStaticKey.generate(SUITE, RND);
        KE1 ke1 = login(serverKey);
        assertThat(((P256Element) ke1.clientPublicKeyshare()).combTable()).isNotNull();
        assertThat(((P256Element) ke1.clientPublicKeyshare()).hasTable()).isFalse();
        assertThat(((P256Element) ke1.blindedMessage()).combTable()).isNull();
        assertThat(((P256Element) ke1.blindedMessage()).hasTable()).isTrue();
    }

    @Test
    void staticKeyMultiplyingElsewhereLeavesTheClientKeyshareWithoutAComb() throws Exception {
        SoftwareServerStaticKey software = SoftwareServerStaticKey.generate(SUITE, RND);
        ServerStaticKey elsewhere = new ServerStaticKey() { // as the HSM's key: multipliesInProcess() stays false
            @Override
            public Suite suite() {
                return SUITE;
            }

            @Override
            public GroupElement publicKey() {
                return software.publicKey();
            }

            @Override
            public GroupElement diffieHellman(GroupElement peerPublicKey) throws OpaqueException {
                return software.diffieHellman(P256Element.of(((P256Element) peerPublicKey).point()));
            }
        };
        KE1 ke1 = login(elsewhere);
        assertThat(((P256Element) ke1.clientPublicKeyshare()).combTable()).isNull();
        assertThat(((P256Element) ke1.clientPublicKeyshare()).hasTable()).isTrue();
    }

    /** Registers, runs a login against {@code serverKey} and checks that both sides finish; returns the KE1 used. */
    private static KE1 login(ServerStaticKey serverKey) throws Exception {
        SoftwareOprfKey oprfKey = SoftwareOprfKey.generate(SUITE, RND);
        ClientRegistration.Start rs = ClientRegistration.start(SUITE, PASSWORD, RND);
        RegistrationRecord record = rs.state().finish(PASSWORD, ServerRegistration.start(rs.message(), oprfKey, serverKey),
                Ksf.IDENTITY, ProtocolOptions.DEFAULT, RND).message();
        ClientLogin.Start ls = ClientLogin.start(SUITE, PASSWORD, RND);
        KE1 ke1 = KE1.deserialize(SUITE, ls.message().serialize());
        ServerLogin.Start ss = ServerLogin.start(serverKey, oprfKey, RegistrationRecord.deserialize(SUITE, record.serialize()),
                ke1, ProtocolOptions.DEFAULT, RND);
        ClientLogin.Finish lf = ls.state().finish(PASSWORD, ss.message(), Ksf.IDENTITY, ProtocolOptions.DEFAULT);
        assertThat(ss.state().finish(lf.message())).isEqualTo(lf.sessionKey());
        return ke1;
    }
}
