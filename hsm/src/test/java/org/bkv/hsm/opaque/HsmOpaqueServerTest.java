package org.bkv.hsm.opaque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.bkv.hsm.Hsm;
import org.bkv.hsm.TestTokens;
import org.bkv.hsm.WrappedOprfKey;
import org.bkv.opaque.ClientLogin;
import org.bkv.opaque.ClientRegistration;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.KE1;
import org.bkv.opaque.Ksf;
import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.ProtocolOptions;
import org.bkv.opaque.RegistrationRecord;
import org.bkv.opaque.ServerLogin;
import org.bkv.opaque.ServerRegistration;
import org.bkv.opaque.Suite;
import org.bkv.opaque.group.P256Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A P-256 OPAQUE server with every secret in the token, against opaque/'s client. */
class HsmOpaqueServerTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ProtocolOptions OPTIONS = ProtocolOptions.DEFAULT;
    private static Hsm hsm;
    private static HsmOpaqueServer server;

    @BeforeAll
    static void open() throws OpaqueException {
        hsm = Hsm.open(TestTokens.config(TestTokens.create("opaque")));
        hsm.provisionKeys();
        server = new HsmOpaqueServer(hsm);
    }

    @AfterAll
    static void close() {
        hsm.close();
    }

    private record Registered(RegistrationRecord record, WrappedOprfKey key, byte[] exportKey) {
    }

    private static Registered register(byte[] password) throws OpaqueException {
        ClientRegistration.Start start = ClientRegistration.start(Suite.P256_SHA256, password, RANDOM);
        HsmOprfKey oprfKey = server.newOprfKey();
        var response = ServerRegistration.start(start.message(), oprfKey, server.serverStaticKey());
        ClientRegistration.Finish finish = start.state().finish(password, response, Ksf.IDENTITY, OPTIONS, RANDOM);
        return new Registered(finish.message(), oprfKey.wrappedKey(), finish.exportKey());
    }

    @Test
    void rightPasswordLogsInWithMatchingSessionKeys() throws OpaqueException {
        byte[] password = "correct horse".getBytes(StandardCharsets.UTF_8);
        Registered r = register(password);
        ClientLogin.Start client = ClientLogin.start(Suite.P256_SHA256, password, RANDOM);
        ServerLogin.Start serverStart = ServerLogin.start(server.serverStaticKey(), server.oprfKey(r.key()), r.record(),
                client.message(), OPTIONS, RANDOM);
        ClientLogin.Finish finish = client.state().finish(password, serverStart.message(), Ksf.IDENTITY, OPTIONS);
        assertThat(serverStart.state().finish(finish.message())).isEqualTo(finish.sessionKey());
        assertThat(finish.exportKey()).isEqualTo(r.exportKey());
    }

    @Test
    void wrongPasswordFails() throws OpaqueException {
        Registered r = register("right".getBytes(StandardCharsets.UTF_8));
        byte[] wrong = "wrong".getBytes(StandardCharsets.UTF_8);
        ClientLogin.Start client = ClientLogin.start(Suite.P256_SHA256, wrong, RANDOM);
        ServerLogin.Start serverStart = ServerLogin.start(server.serverStaticKey(), server.oprfKey(r.key()), r.record(),
                client.message(), OPTIONS, RANDOM);
        assertThatThrownBy(() -> client.state().finish(wrong, serverStart.message(), Ksf.IDENTITY, OPTIONS))
                .isInstanceOf(OpaqueException.class);
    }

    @Test
    void minusGAsBlindedElementIsRejectedAsBadInputBeforeTheHsm() throws Exception {
        Registered r = register("pw".getBytes(StandardCharsets.UTF_8));
        P256Element minusG = P256Element.of(org.bkv.hsm.ec.P256.G.negate());
        assertThatThrownBy(() -> server.oprfKey(r.key()).blindEvaluate(minusG)).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> server.serverStaticKey().diffieHellman(minusG)).isInstanceOf(InvalidEncodingException.class);
        // and through the protocol: a KE1 whose blinded element is -G
        KE1 good = ClientLogin.start(Suite.P256_SHA256, "pw".getBytes(StandardCharsets.UTF_8), RANDOM).message();
        byte[] ke1 = good.serialize();
        System.arraycopy(minusG.toByteArray(), 0, ke1, 0, 33);
        assertThatThrownBy(() -> ServerLogin.start(server.serverStaticKey(), server.oprfKey(r.key()), r.record(),
                KE1.deserialize(Suite.P256_SHA256, ke1), OPTIONS, RANDOM)).isInstanceOf(OpaqueException.class);
    }
}
