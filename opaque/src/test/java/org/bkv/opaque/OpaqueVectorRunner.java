package org.bkv.opaque;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.bkv.opaque.internal.Bytes;
import org.bkv.opaque.server.SoftwareOprfKey;
import org.bkv.opaque.server.SoftwareServerStaticKey;

/**
 * Runs one RFC 9807 test vector (real or fake) through every protocol step and compares every
 * intermediate and output byte for byte. Values are hex strings keyed as in the RFC's JSON.
 */
final class OpaqueVectorRunner {
    private final Map<String, String> config;
    private final Map<String, String> inputs;
    private final Map<String, String> intermediates;
    private final Map<String, String> outputs;

    OpaqueVectorRunner(Map<String, String> config, Map<String, String> inputs, Map<String, String> intermediates,
                       Map<String, String> outputs) {
        this.config = config;
        this.inputs = inputs;
        this.intermediates = intermediates;
        this.outputs = outputs;
    }

    static Suite suiteOf(String group) {
        return switch (group) {
            case "ristretto255" -> Suite.RISTRETTO255_SHA512;
            case "P256_XMD:SHA-256_SSWU_RO_" -> Suite.P256_SHA256;
            default -> null;
        };
    }

    String describe() {
        return config.get("Group") + (Boolean.parseBoolean(config.get("Fake").toLowerCase()) ? " fake" : " real")
                + (inputs.containsKey("client_identity") ? " with identities" : "");
    }

    private byte[] in(String key) {
        return Bytes.hex(inputs.get(key));
    }

    private ProtocolOptions options() {
        ProtocolOptions o = ProtocolOptions.withContext(Bytes.hex(config.get("Context")));
        if (inputs.containsKey("client_identity") || inputs.containsKey("server_identity")) {
            o = o.withIdentities(inputs.containsKey("client_identity") ? in("client_identity") : null,
                    inputs.containsKey("server_identity") ? in("server_identity") : null);
        }
        return o;
    }

    private void expect(String what, byte[] actual, String expectedHex) {
        assertThat(Bytes.toHex(actual)).as(describe() + ": " + what).isEqualTo(expectedHex);
    }

    void run() throws Exception {
        Suite suite = suiteOf(config.get("Group"));
        assertThat(suite).as("suite for " + config.get("Group")).isNotNull();
        assertThat(config.get("OPRF")).isEqualTo(suite.wireName());
        assertThat(Integer.parseInt(config.get("Nh"))).isEqualTo(suite.nh());
        assertThat(Integer.parseInt(config.get("Npk"))).isEqualTo(suite.npk());
        assertThat(Integer.parseInt(config.get("Nok"))).isEqualTo(suite.nok());
        if (Boolean.parseBoolean(config.get("Fake").toLowerCase())) {
            runFake(suite);
        } else {
            runReal(suite);
        }
    }

    private void runReal(Suite suite) throws Exception {
        ProtocolOptions options = options();
        byte[] password = in("password");
        SoftwareServerStaticKey serverKey = SoftwareServerStaticKey.fromPrivateKey(suite, in("server_private_key"));
        expect("server_public_key", serverKey.publicKey().toByteArray(), inputs.get("server_public_key"));
        SoftwareOprfKey oprfKey = SoftwareOprfKey.derive(suite, in("oprf_seed"), in("credential_identifier"));
        expect("oprf_key", oprfKey.exportScalar(), intermediates.get("oprf_key"));

        // Registration
        ClientRegistration.Start regStart = ClientRegistration.start(suite, password, in("blind_registration"));
        byte[] request = regStart.message().serialize();
        expect("registration_request", request, outputs.get("registration_request"));
        RegistrationResponse response = ServerRegistration.start(
                RegistrationRequest.deserialize(suite, request), oprfKey, serverKey);
        byte[] responseBytes = response.serialize();
        expect("registration_response", responseBytes, outputs.get("registration_response"));
        Map<String, byte[]> regTrace = new HashMap<>();
        ClientRegistration state = ClientRegistration.deserialize(suite, regStart.state().serialize());
        ClientRegistration.Finish regFinish = state.finish(password, RegistrationResponse.deserialize(suite, responseBytes),
                Ksf.IDENTITY, options, in("envelope_nonce"), regTrace::put);
        byte[] upload = regFinish.message().serialize();
        expect("registration_upload", upload, outputs.get("registration_upload"));
        expect("export_key (registration)", regFinish.exportKey(), outputs.get("export_key"));
        for (String k : new String[] {"randomized_password", "masking_key", "auth_key", "client_public_key", "envelope"}) {
            expect(k, regTrace.get(k), intermediates.get(k));
        }

        // Login
        ClientLogin.Start loginStart = ClientLogin.start(suite, password, in("blind_login"), in("client_nonce"),
                in("client_keyshare_seed"));
        byte[] ke1 = loginStart.message().serialize();
        expect("KE1", ke1, outputs.get("KE1"));
        Map<String, byte[]> serverTrace = new HashMap<>();
        ServerLogin.Start serverStart = ServerLogin.start(serverKey, oprfKey, RegistrationRecord.deserialize(suite, upload),
                KE1.deserialize(suite, ke1), options, in("masking_nonce"), in("server_nonce"), in("server_keyshare_seed"),
                serverTrace::put);
        byte[] ke2 = serverStart.message().serialize();
        expect("KE2", ke2, outputs.get("KE2"));
        for (String k : new String[] {"handshake_secret", "server_mac_key", "client_mac_key"}) {
            expect("server " + k, serverTrace.get(k), intermediates.get(k));
        }
        Map<String, byte[]> clientTrace = new HashMap<>();
        ClientLogin clientState = ClientLogin.deserialize(suite, loginStart.state().serialize());
        ClientLogin.Finish loginFinish = clientState.finish(password, KE2.deserialize(suite, ke2), Ksf.IDENTITY, options,
                clientTrace::put);
        byte[] ke3 = loginFinish.message().serialize();
        expect("KE3", ke3, outputs.get("KE3"));
        expect("session_key (client)", loginFinish.sessionKey(), outputs.get("session_key"));
        expect("export_key (login)", loginFinish.exportKey(), outputs.get("export_key"));
        for (String k : new String[] {"handshake_secret", "server_mac_key", "client_mac_key"}) {
            expect("client " + k, clientTrace.get(k), intermediates.get(k));
        }
        ServerLogin serverState = ServerLogin.deserialize(suite, serverStart.state().serialize());
        expect("session_key (server)", serverState.finish(KE3.deserialize(suite, ke3)), outputs.get("session_key"));
        assertThat(ke1).hasSize(suite.ke1Length());
        assertThat(ke2).hasSize(suite.ke2Length());
        assertThat(ke3).hasSize(suite.ke3Length());
        assertThat(upload).hasSize(suite.registrationRecordLength());
    }

    private void runFake(Suite suite) throws Exception {
        ProtocolOptions options = options();
        SoftwareServerStaticKey serverKey = SoftwareServerStaticKey.fromPrivateKey(suite, in("server_private_key"));
        expect("server_public_key", serverKey.publicKey().toByteArray(), inputs.get("server_public_key"));
        // The fake client key pair is consistent.
        expect("client_public_key", suite.group().multiplyGenerator(in("client_private_key")).toByteArray(),
                inputs.get("client_public_key"));
        SoftwareOprfKey oprfKey = SoftwareOprfKey.derive(suite, in("oprf_seed"), in("credential_identifier"));
        RegistrationRecord fake = RegistrationRecord.fake(suite,
                suite.group().deserializeElement(in("client_public_key")), in("masking_key"));
        ServerLogin.Start start = ServerLogin.start(serverKey, oprfKey, fake, KE1.deserialize(suite, in("KE1")), options,
                in("masking_nonce"), in("server_nonce"), in("server_keyshare_seed"), null);
        expect("KE2", start.message().serialize(), outputs.get("KE2"));
    }
}
