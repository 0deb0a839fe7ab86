package org.bkv.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bkv.web.api.ApiScenarios.assertProblem;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.UUID;
import org.bkv.opaque.AuthenticationException;
import org.bkv.opaque.Base64Url;
import org.bkv.opaque.ClientLogin;
import org.bkv.opaque.ClientRegistration;
import org.bkv.opaque.KE2;
import org.bkv.opaque.Ksf;
import org.bkv.opaque.ProtocolOptions;
import org.bkv.opaque.RegistrationResponse;
import org.bkv.opaque.Suite;
import org.bkv.web.vault.TestDirs;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployment setting {@code bkv.opaque.context} (DESIGN §4.2) with a non-empty value, over HTTP against the real
 * WAR in Payara Micro on SoftHSM and H2. The value comes from the WAR's own MicroProfile Config file (the other ITs
 * share failsafe's environment, which leaves the context empty), so the appliance reads it exactly as it reads
 * {@code BKV_OPAQUE_CONTEXT}. Clients with the same context register and recover in both suites; a client with
 * another context fails exactly like a wrong password: 401 on the finish, and the attempt stays counted.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class VaultContextIT {
    /** Not ASCII on purpose: both sides must use its UTF-8 bytes. */
    static final String CONTEXT = "BKV IT deployment \u00e9 2026";
    private static final ProtocolOptions SAME = ProtocolOptions.withContext(CONTEXT.getBytes(StandardCharsets.UTF_8));
    private static final SecureRandom RANDOM = new SecureRandom();

    @ArquillianResource
    private URL base;

    private Api api;

    @Deployment(testable = false)
    static WebArchive appliance() {
        TestDirs.deleteRecursively(Path.of(System.getProperty("bkv.it.dbDir")));
        // Properties files are Latin-1 with \\u escapes: the escape keeps the file independent of any charset.
        return ApiH2IT.deployment().addAsResource(new StringAsset("bkv.opaque.context=BKV IT deployment \\u00e9 2026\n"),
                "META-INF/microprofile-config.properties");
    }

    @BeforeEach
    void client() throws Exception {
        api = new Api(base.toURI());
    }

    @AfterEach
    void defaultPolicy() {
        assertThat(api.send("POST", "/it/policy", null, null, Map.of()).status()).isEqualTo(204);
    }

    @Test
    void clientsWithTheDeploymentsContextRegisterAndRecoverInBothSuites() throws Exception {
        for (Suite suite : Suite.values()) {
            String identifier = newIdentifier();
            byte[] backupKey = randomBytes(32);
            assertThat(register(identifier, suite, "correct horse", backupKey, SAME).status()).isEqualTo(201);
            assertThat(recover(identifier, suite, "correct horse", SAME)).as(suite.wireName()).isEqualTo(backupKey);
        }
    }

    @Test
    void aClientWithAnotherContextFailsLikeAWrongPasswordAndSpendsAnAttempt() throws Exception {
        assertThat(api.send("POST", "/it/policy?maxAttempts=3&reveal=true", null, null, Map.of()).status()).isEqualTo(204);
        ProtocolOptions empty = ProtocolOptions.DEFAULT;
        ProtocolOptions other = ProtocolOptions.withContext("BKV IT deployment 2026".getBytes(StandardCharsets.UTF_8));
        for (Suite suite : Suite.values()) {
            String identifier = newIdentifier();
            assertThat(register(identifier, suite, "pw", randomBytes(32), SAME).status()).isEqualTo(201);

            assertFailsAndCounts(identifier, suite, "wrong", SAME, 2);
            assertFailsAndCounts(identifier, suite, "pw", empty, 1);
            assertFailsAndCounts(identifier, suite, "pw", other, 0);
            // Three attempts, three failures: locked, even for the right client with the right password.
            assertProblem(startLogin(identifier, suite, ClientLogin.start(suite, "pw".getBytes(StandardCharsets.UTF_8), RANDOM)),
                    423, "record-locked");
        }
    }

    /**
     * One login: the appliance serves a KE2 of the usual size, the client cannot verify it, and a KE3 from such a client
     * (it has none: random bytes, as the SDK sends to close the login) is refused with the wrong password's 401.
     */
    private void assertFailsAndCounts(String identifier, Suite suite, String password, ProtocolOptions options,
                                      int attemptsRemaining) throws Exception {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        ClientLogin.Start start = ClientLogin.start(suite, pw, RANDOM);
        Api.Reply started = startLogin(identifier, suite, start);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        KE2 ke2 = KE2.deserialize(suite, Base64Url.decode(started.json().get("ke2").asText()));
        assertThatThrownBy(() -> start.state().finish(pw, ke2, Ksf.IDENTITY, options))
                .isInstanceOf(AuthenticationException.class);
        Api.Reply refused = finish(started, randomBytes(suite.ke3Length()));
        assertProblem(refused, 401, "recovery-failed");
        assertThat(refused.json().get("attemptsRemaining").asInt()).as(suite.wireName()).isEqualTo(attemptsRemaining);
    }

    private Api.Reply register(String identifier, Suite suite, String password, byte[] backupKey, ProtocolOptions options)
            throws Exception {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        ClientRegistration.Start start = ClientRegistration.start(suite, pw, RANDOM);
        Api.Reply started = api.json("POST", "/api/v1/vault/registrations", Api.object("identifier", identifier,
                "suite", suite.wireName(), "registrationRequest", Base64Url.encode(start.message().serialize())));
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        RegistrationResponse response = RegistrationResponse.deserialize(suite,
                Base64Url.decode(started.json().get("registrationResponse").asText()));
        ClientRegistration.Finish finish = start.state().finish(pw, response, Ksf.IDENTITY, options, RANDOM);
        return api.json("PUT", "/api/v1/vault/registrations/" + started.json().get("registrationId").asText(),
                Api.object("registrationRecord", Base64Url.encode(finish.message().serialize()),
                        "sealedBackupKey", Base64Url.encode(Seal.seal(finish.exportKey(), backupKey))));
    }

    private byte[] recover(String identifier, Suite suite, String password, ProtocolOptions options) throws Exception {
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        ClientLogin.Start start = ClientLogin.start(suite, pw, RANDOM);
        Api.Reply started = startLogin(identifier, suite, start);
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        KE2 ke2 = KE2.deserialize(suite, Base64Url.decode(started.json().get("ke2").asText()));
        ClientLogin.Finish finish = start.state().finish(pw, ke2, Ksf.IDENTITY, options);
        Api.Reply recovered = finish(started, finish.message().serialize());
        assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
        return Seal.open(finish.exportKey(), Base64Url.decode(recovered.json().get("sealedBackupKey").asText()));
    }

    private Api.Reply startLogin(String identifier, Suite suite, ClientLogin.Start start) {
        return api.json("POST", "/api/v1/vault/logins", Api.object("identifier", identifier, "suite", suite.wireName(),
                "ke1", Base64Url.encode(start.message().serialize())));
    }

    private Api.Reply finish(Api.Reply started, byte[] ke3) {
        return api.json("POST", "/api/v1/vault/logins/" + started.json().get("loginId").asText() + "/finish",
                Api.object("ke3", Base64Url.encode(ke3)));
    }

    private static String newIdentifier() {
        return "user-" + UUID.randomUUID() + "@example.org";
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
