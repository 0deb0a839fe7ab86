package org.bkv.opaque;

import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import org.bkv.opaque.internal.Bytes;
import org.bkv.opaque.server.SoftwareOprfKey;
import org.bkv.opaque.server.SoftwareServerStaticKey;

/** One complete registration and login per suite, with the identity KSF, for tests that need real messages. */
final class Fixture {
    private static final Map<Suite, Fixture> CACHE = new EnumMap<>(Suite.class);
    static final byte[] PASSWORD = Bytes.ascii("correct horse");

    final Suite suite;
    final SoftwareServerStaticKey serverKey;
    final SoftwareOprfKey oprfKey;
    final RegistrationRecord record;
    private final Map<String, byte[]> samples = new java.util.HashMap<>();
    private final byte[] clientLoginState;
    private final byte[] serverLoginState;

    private Fixture(Suite suite) throws OpaqueException {
        SecureRandom rnd = new SecureRandom();
        this.suite = suite;
        serverKey = SoftwareServerStaticKey.generate(suite, rnd);
        oprfKey = SoftwareOprfKey.derive(suite, SoftwareOprfKey.generateSeed(suite, rnd), Bytes.ascii("alice"));
        ClientRegistration.Start rs = ClientRegistration.start(suite, PASSWORD, rnd);
        RegistrationResponse resp = ServerRegistration.start(rs.message(), oprfKey, serverKey);
        ClientRegistration.Finish rf = rs.state().finish(PASSWORD, resp, Ksf.IDENTITY, ProtocolOptions.DEFAULT, rnd);
        record = rf.message();
        ClientLogin.Start ls = ClientLogin.start(suite, PASSWORD, rnd);
        ServerLogin.Start ss = ServerLogin.start(serverKey, oprfKey, record, ls.message(), ProtocolOptions.DEFAULT, rnd);
        ClientLogin.Finish lf = ls.state().finish(PASSWORD, ss.message(), Ksf.IDENTITY, ProtocolOptions.DEFAULT);
        samples.put("RegistrationRequest", rs.message().serialize());
        samples.put("RegistrationResponse", resp.serialize());
        samples.put("RegistrationRecord", record.serialize());
        samples.put("Envelope", record.envelope().serialize());
        samples.put("KE1", ls.message().serialize());
        samples.put("KE2", ss.message().serialize());
        samples.put("KE3", lf.message().serialize());
        samples.put("ClientRegistration", rs.state().serialize());
        samples.put("ClientLogin", ls.state().serialize());
        samples.put("ServerLogin", ss.state().serialize());
        clientLoginState = ls.state().serialize();
        serverLoginState = ss.state().serialize();
    }

    static synchronized Fixture of(Suite suite) throws OpaqueException {
        Fixture f = CACHE.get(suite);
        if (f == null) {
            f = new Fixture(suite);
            CACHE.put(suite, f);
        }
        return f;
    }

    byte[] sample(String format) {
        return samples.get(format).clone();
    }

    ClientLogin clientLoginState() throws OpaqueException {
        return ClientLogin.deserialize(suite, clientLoginState);
    }

    ServerLogin serverLoginState() throws OpaqueException {
        return ServerLogin.deserialize(suite, serverLoginState);
    }
}
