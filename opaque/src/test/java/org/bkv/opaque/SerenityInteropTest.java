package org.bkv.opaque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bkv.opaque.server.SoftwareOprfKey;
import org.bkv.opaque.server.SoftwareServerStaticKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interop with opaque-ke 4 (as wasm in npm {@code @serenity-kit/opaque@1.1.0}, ristretto255-SHA512, empty
 * context, default identities, base64url): JS client against the Java server and Java client against the JS
 * server, with the same Argon2id parameters on both sides. Needs node and npm; fails (does not skip) without them.
 */
class SerenityInteropTest {
    /** Cheap but non-trivial Argon2id (several lanes, several passes), identical on both sides. */
    private static final int MEMORY_KIB = 1024;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 4;
    private static final Ksf KSF = Ksf.argon2id(MEMORY_KIB, ITERATIONS, PARALLELISM);
    private static final Suite SUITE = Suite.RISTRETTO255_SHA512;
    private static final String PASSWORD = "correct horse battery staple ✓";
    private static final String USER = "alice@example.org";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RND = new SecureRandom();
    private static Process node;
    private static BufferedWriter toNode;
    private static BufferedReader fromNode;

    @BeforeAll
    static void startNodePeer() throws Exception {
        Path dir = Path.of("src", "test", "node").toAbsolutePath();
        assertThat(dir.resolve("package-lock.json")).as("committed package-lock.json in " + dir).exists();
        String nodeBin = findExecutable("node");
        String npmBin = findExecutable("npm");
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("@serenity-kit").resolve("opaque"))) {
            Process ci = new ProcessBuilder(npmBin, "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("npm-ci.log").toFile()).start();
            if (!ci.waitFor(5, TimeUnit.MINUTES) || ci.exitValue() != 0) {
                ci.destroyForcibly();
                fail("npm ci failed in " + dir + "; see " + dir.resolve("npm-ci.log"));
            }
        }
        node = new ProcessBuilder(nodeBin, "peer.mjs").directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        toNode = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8));
        fromNode = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stopNodePeer() throws Exception {
        if (node != null) {
            toNode.close();
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    private static String findExecutable(String name) {
        for (String d : List.of("/usr/bin", "/usr/local/bin")) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                File f = new File(d, name);
                if (f.canExecute()) {
                    return f.getPath();
                }
            }
        }
        fail(name + " not found (looked in /usr/bin, /usr/local/bin and PATH): the serenity-kit interop test needs Node 20 and npm");
        return null;
    }

    private static JsonNode call(String call, ObjectNode args) throws IOException {
        ObjectNode req = JSON.createObjectNode().put("call", call);
        req.set("args", args);
        toNode.write(JSON.writeValueAsString(req));
        toNode.write('\n');
        toNode.flush();
        String line = fromNode.readLine();
        if (line == null) {
            fail("node peer exited during " + call);
        }
        JsonNode reply = JSON.readTree(line);
        if (reply.has("error")) {
            throw new JsError(call + ": " + reply.get("error").asText());
        }
        return reply.get("ok");
    }

    static final class JsError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JsError(String message) {
            super(message);
        }
    }

    private static ObjectNode args() {
        return JSON.createObjectNode();
    }

    private static ObjectNode keyStretching() {
        ObjectNode custom = args().put("memory", MEMORY_KIB).put("iterations", ITERATIONS).put("parallelism", PARALLELISM);
        ObjectNode ks = args();
        ks.set("argon2id-custom", custom);
        return ks;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] b64(JsonNode n) throws InvalidEncodingException {
        return Base64Url.decode(n.asText());
    }

    @Test
    void jsClientRegistersAndLogsInAgainstTheJavaServer() throws Exception {
        SoftwareServerStaticKey serverKey = SoftwareServerStaticKey.generate(SUITE, RND);
        byte[] oprfSeed = SoftwareOprfKey.generateSeed(SUITE, RND);
        SoftwareOprfKey oprfKey = SoftwareOprfKey.derive(SUITE, oprfSeed, utf8(USER));

        // Registration: JS client, Java server.
        JsonNode rs = call("client.startRegistration", args().put("password", PASSWORD));
        RegistrationResponse response = ServerRegistration.start(
                RegistrationRequest.deserialize(SUITE, b64(rs.get("registrationRequest"))), oprfKey, serverKey);
        ObjectNode fin = args().put("clientRegistrationState", rs.get("clientRegistrationState").asText())
                .put("registrationResponse", Base64Url.encode(response.serialize())).put("password", PASSWORD);
        fin.set("keyStretching", keyStretching());
        JsonNode rf = call("client.finishRegistration", fin);
        RegistrationRecord record = RegistrationRecord.deserialize(SUITE, b64(rf.get("registrationRecord")));
        assertThat(b64(rf.get("serverStaticPublicKey"))).isEqualTo(serverKey.publicKey().toByteArray());

        // Successful login.
        JsonNode ls = call("client.startLogin", args().put("password", PASSWORD));
        ServerLogin.Start ss = ServerLogin.start(serverKey, oprfKey, record, KE1.deserialize(SUITE, b64(ls.get("startLoginRequest"))),
                ProtocolOptions.DEFAULT, RND);
        JsonNode lf = call("client.finishLogin", loginFinishArgs(ls, ss.message().serialize(), PASSWORD));
        assertThat(lf.isNull()).as("JS client accepted the Java server's KE2").isFalse();
        byte[] serverSessionKey = ss.state().finish(KE3.deserialize(SUITE, b64(lf.get("finishLoginRequest"))));
        assertThat(b64(lf.get("sessionKey"))).isEqualTo(serverSessionKey);
        assertThat(b64(lf.get("exportKey"))).isEqualTo(b64(rf.get("exportKey")));

        // Wrong password: the JS client refuses, and the Java server refuses any KE3 it could send.
        String wrong = PASSWORD + "!";
        JsonNode bs = call("client.startLogin", args().put("password", wrong));
        ServerLogin.Start bad = ServerLogin.start(serverKey, oprfKey, record, KE1.deserialize(SUITE, b64(bs.get("startLoginRequest"))),
                ProtocolOptions.DEFAULT, RND);
        JsonNode bf = call("client.finishLogin", loginFinishArgs(bs, bad.message().serialize(), wrong));
        assertThat(bf.isNull()).as("JS client with a wrong password").isTrue();
        byte[] forged = new byte[SUITE.ke3Length()];
        RND.nextBytes(forged);
        assertThatThrownBy(() -> bad.state().finish(KE3.deserialize(SUITE, forged))).isInstanceOf(AuthenticationException.class);
    }

    private static ObjectNode loginFinishArgs(JsonNode start, byte[] ke2, String password) {
        ObjectNode a = args().put("clientLoginState", start.get("clientLoginState").asText())
                .put("loginResponse", Base64Url.encode(ke2)).put("password", password);
        a.set("keyStretching", keyStretching());
        return a;
    }

    @Test
    void javaClientRegistersAndLogsInAgainstTheJsServer() throws Exception {
        String serverSetup = call("server.createSetup", args()).asText();
        byte[] serverPublicKey = b64(call("server.getPublicKey", args().put("serverSetup", serverSetup)));
        byte[] password = utf8(PASSWORD);

        // Registration: Java client, JS server.
        ClientRegistration.Start rs = ClientRegistration.start(SUITE, password, RND);
        JsonNode resp = call("server.createRegistrationResponse", args().put("serverSetup", serverSetup).put("userIdentifier", USER)
                .put("registrationRequest", Base64Url.encode(rs.message().serialize())));
        ClientRegistration.Finish rf = rs.state().finish(password,
                RegistrationResponse.deserialize(SUITE, b64(resp.get("registrationResponse"))), KSF, ProtocolOptions.DEFAULT, RND);
        assertThat(rf.serverPublicKey().toByteArray()).isEqualTo(serverPublicKey);
        String record = Base64Url.encode(rf.message().serialize());

        // Successful login.
        ClientLogin.Start ls = ClientLogin.start(SUITE, password, RND);
        JsonNode ss = call("server.startLogin", args().put("serverSetup", serverSetup).put("registrationRecord", record)
                .put("startLoginRequest", Base64Url.encode(ls.message().serialize())).put("userIdentifier", USER));
        ClientLogin.Finish lf = ls.state().finish(password, KE2.deserialize(SUITE, b64(ss.get("loginResponse"))), KSF,
                ProtocolOptions.DEFAULT);
        assertThat(lf.exportKey()).isEqualTo(rf.exportKey());
        JsonNode sf = call("server.finishLogin", args().put("serverLoginState", ss.get("serverLoginState").asText())
                .put("finishLoginRequest", Base64Url.encode(lf.message().serialize())));
        assertThat(b64(sf.get("sessionKey"))).isEqualTo(lf.sessionKey());

        // Wrong password: the Java client refuses, and the JS server refuses any KE3 it could send.
        byte[] wrong = utf8(PASSWORD + "!");
        ClientLogin.Start bs = ClientLogin.start(SUITE, wrong, RND);
        JsonNode bad = call("server.startLogin", args().put("serverSetup", serverSetup).put("registrationRecord", record)
                .put("startLoginRequest", Base64Url.encode(bs.message().serialize())).put("userIdentifier", USER));
        KE2 badKe2 = KE2.deserialize(SUITE, b64(bad.get("loginResponse")));
        assertThatThrownBy(() -> bs.state().finish(wrong, badKe2, KSF, ProtocolOptions.DEFAULT))
                .isInstanceOf(AuthenticationException.class);
        byte[] forged = new byte[SUITE.ke3Length()];
        RND.nextBytes(forged);
        assertThatThrownBy(() -> call("server.finishLogin", args().put("serverLoginState", bad.get("serverLoginState").asText())
                .put("finishLoginRequest", Base64Url.encode(forged)))).isInstanceOf(JsError.class);
    }

    @Test
    void jsServerFakeResponseForAnUnknownUserHasTheSizeOfARealOne() throws Exception {
        String serverSetup = call("server.createSetup", args()).asText();
        ClientLogin.Start ls = ClientLogin.start(SUITE, utf8(PASSWORD), RND);
        ObjectNode a = args().put("serverSetup", serverSetup).put("startLoginRequest", Base64Url.encode(ls.message().serialize()))
                .put("userIdentifier", "nobody");
        a.putNull("registrationRecord");
        JsonNode ss = call("server.startLogin", a);
        KE2 ke2 = KE2.deserialize(SUITE, b64(ss.get("loginResponse")));
        assertThatThrownBy(() -> ls.state().finish(utf8(PASSWORD), ke2, KSF, ProtocolOptions.DEFAULT))
                .isInstanceOf(AuthenticationException.class);
    }
}
