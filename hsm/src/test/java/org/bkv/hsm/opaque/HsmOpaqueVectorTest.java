package org.bkv.hsm.opaque;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bkv.hsm.Hsm;
import org.bkv.hsm.HsmKey;
import org.bkv.hsm.TestTokens;
import org.bkv.hsm.WrappedOprfKey;
import org.bkv.opaque.KE1;
import org.bkv.opaque.KE3;
import org.bkv.opaque.ProtocolOptions;
import org.bkv.opaque.RegistrationRecord;
import org.bkv.opaque.RegistrationRequest;
import org.bkv.opaque.ServerLogin;
import org.bkv.opaque.ServerRegistration;
import org.bkv.opaque.Suite;
import org.bkv.opaque.server.SoftwareOprfKey;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9807 P-256 vectors through the HSM path: the vector's server key imported as {@code bkv-ake-p256}, its OPRF
 * key wrapped under {@code bkv-kek}, the server side run through {@link HsmServerStaticKey} and {@link HsmOprfKey}:
 * registration response, KE2 and session key must match byte for byte.
 */
class HsmOpaqueVectorTest {
    private static final String P256 = "P256_XMD:SHA-256_SSWU_RO_";

    record Vector(Map<String, String> config, Map<String, String> inputs, Map<String, String> intermediates,
                  Map<String, String> outputs) {
        boolean fake() {
            return Boolean.parseBoolean(config.get("Fake").toLowerCase());
        }

        byte[] in(String key) {
            return Hex.decode(inputs.get(key));
        }

        byte[] out(String key) {
            return Hex.decode(outputs.get(key));
        }

        @Override
        public String toString() {
            return (fake() ? "fake" : "real") + (inputs.containsKey("client_identity") ? " with identities" : "");
        }
    }

    static Stream<Vector> p256Vectors() throws IOException {
        Path file = Path.of(System.getProperty("bkv.vectors.dir", "../../shared/vectors"), "opaque-rfc9807.json");
        List<Vector> all = new ObjectMapper().readValue(file.toFile(), new TypeReference<List<Vector>>() { });
        List<Vector> p256 = new ArrayList<>();
        for (Vector v : all) {
            if (P256.equals(v.config().get("Group"))) {
                p256.add(v);
            }
        }
        assertThat(p256).hasSize(3); // two real, one fake
        return p256.stream();
    }

    /** Feeds ServerLogin.start's nextBytes calls (masking nonce, server nonce, keyshare seed) from the vector. */
    static final class ScriptedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient Deque<byte[]> script = new ArrayDeque<>();

        ScriptedRandom(byte[]... values) {
            script.addAll(List.of(values));
        }

        @Override
        public void nextBytes(byte[] bytes) {
            byte[] next = script.removeFirst();
            assertThat(next).hasSameSizeAs(bytes);
            System.arraycopy(next, 0, bytes, 0, bytes.length);
        }
    }

    private static ProtocolOptions options(Vector v) {
        ProtocolOptions o = ProtocolOptions.withContext(Hex.decode(v.config().get("Context")));
        if (v.inputs().containsKey("client_identity") || v.inputs().containsKey("server_identity")) {
            o = o.withIdentities(v.inputs().containsKey("client_identity") ? v.in("client_identity") : null,
                    v.inputs().containsKey("server_identity") ? v.in("server_identity") : null);
        }
        return o;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("p256Vectors")
    void vectorPassesThroughTheHsm(Vector v) throws Exception {
        Suite suite = Suite.P256_SHA256;
        try (Hsm hsm = Hsm.open(TestTokens.config(TestTokens.create("vec")))) {
            hsm.keyImport().importEcKey(HsmKey.AKE_P256, v.in("server_private_key"));
            hsm.provisionKeys();
            HsmOpaqueServer server = new HsmOpaqueServer(hsm);
            assertThat(server.serverStaticKey().publicKey().toByteArray()).isEqualTo(v.in("server_public_key"));

            SoftwareOprfKey derived = SoftwareOprfKey.derive(suite, v.in("oprf_seed"), v.in("credential_identifier"));
            byte[] scalar = derived.exportScalar();
            WrappedOprfKey wrapped = hsm.keyImport().wrapOprfKey(scalar);
            java.util.Arrays.fill(scalar, (byte) 0);
            derived.destroy();
            HsmOprfKey oprfKey = (HsmOprfKey) server.oprfKey(wrapped);

            RegistrationRecord record;
            if (v.fake()) {
                record = RegistrationRecord.fake(suite, suite.group().deserializeElement(v.in("client_public_key")),
                        v.in("masking_key"));
            } else {
                byte[] response = ServerRegistration.start(RegistrationRequest.deserialize(suite, v.out("registration_request")),
                        oprfKey, server.serverStaticKey()).serialize();
                assertThat(Hex.toHexString(response)).as("registration_response").isEqualTo(v.outputs().get("registration_response"));
                record = RegistrationRecord.deserialize(suite, v.out("registration_upload"));
            }
            ServerLogin.Start start = ServerLogin.start(server.serverStaticKey(), oprfKey, record,
                    KE1.deserialize(suite, v.fake() ? v.in("KE1") : v.out("KE1")), options(v),
                    new ScriptedRandom(v.in("masking_nonce"), v.in("server_nonce"), v.in("server_keyshare_seed")));
            assertThat(Hex.toHexString(start.message().serialize())).as("KE2").isEqualTo(v.outputs().get("KE2"));
            if (!v.fake()) {
                byte[] sessionKey = start.state().finish(KE3.deserialize(suite, v.out("KE3")));
                assertThat(Hex.toHexString(sessionKey)).as("session_key").isEqualTo(v.outputs().get("session_key"));
            }
        }
    }
}
