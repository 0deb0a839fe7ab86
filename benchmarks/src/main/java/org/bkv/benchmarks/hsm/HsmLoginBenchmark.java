package org.bkv.benchmarks.hsm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import org.bkv.hsm.Hsm;
import org.bkv.hsm.WrappedOprfKey;
import org.bkv.hsm.opaque.HsmOpaqueServer;
import org.bkv.hsm.opaque.HsmOprfKey;
import org.bkv.opaque.ClientLogin;
import org.bkv.opaque.ClientRegistration;
import org.bkv.opaque.KE1;
import org.bkv.opaque.KE3;
import org.bkv.opaque.Ksf;
import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.ProtocolOptions;
import org.bkv.opaque.RegistrationRecord;
import org.bkv.opaque.ServerLogin;
import org.bkv.opaque.ServerRegistration;
import org.bkv.opaque.Suite;
import org.bkv.opaque.server.OprfKey;
import org.bkv.opaque.server.ServerStaticKey;
import org.bkv.opaque.server.SoftwareOprfKey;
import org.bkv.opaque.server.SoftwareServerStaticKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole P256-SHA256 server login, KE1 → KE2 then KE3 verified, from wire bytes, with the server keys in the HSM
 * (per-record OPRF key unwrapped from its stored form, 3DH static key in the token) or in software (per-record
 * random OPRF key in memory), logins/s. The server's randomness is replayed so that one KE3 verifies (benchmarks
 * only); the work per login is the same as with fresh randomness. Run with {@code -t 1} and {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 3)
@Fork(1)
public class HsmLoginBenchmark {
    private static final byte[] PASSWORD = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    private static final Suite SUITE = Suite.P256_SHA256;

    @Param({"HSM", "SOFTWARE"})
    public String keys;

    private final SecureRandom random = new SecureRandom();
    private final SecureRandom replayed = new ReplayedRandom();
    private Hsm hsm;
    private ServerStaticKey serverKey;
    private WrappedOprfKey wrapped;
    private SoftwareOprfKey softwareOprfKey;
    private byte[] record;
    private byte[] ke1;
    private byte[] ke3;

    @Setup(Level.Trial)
    public void setUp() throws IOException, OpaqueException {
        OprfKey registrationKey;
        if (keys.equals("HSM")) {
            hsm = BenchmarkToken.open(2);
            HsmOpaqueServer server = new HsmOpaqueServer(hsm);
            serverKey = server.serverStaticKey();
            HsmOprfKey fresh = server.newOprfKey();
            wrapped = fresh.wrappedKey();
            registrationKey = fresh;
        } else {
            serverKey = SoftwareServerStaticKey.generate(SUITE, random);
            softwareOprfKey = SoftwareOprfKey.generate(SUITE, random);
            registrationKey = softwareOprfKey;
        }
        ClientRegistration.Start rs = ClientRegistration.start(SUITE, PASSWORD, random);
        record = rs.state().finish(PASSWORD, ServerRegistration.start(rs.message(), registrationKey, serverKey),
                Ksf.IDENTITY, ProtocolOptions.DEFAULT, random).message().serialize();
        ClientLogin.Start ls = ClientLogin.start(SUITE, PASSWORD, random);
        ke1 = ls.message().serialize();
        ServerLogin.Start ss = serverStart();
        ke3 = ls.state().finish(PASSWORD, ss.message(), Ksf.IDENTITY, ProtocolOptions.DEFAULT).message().serialize();
        ss.state().finish(KE3.deserialize(SUITE, ke3)); // the replayed KE3 verifies
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (hsm != null) {
            hsm.close();
        }
    }

    private OprfKey oprfKey() {
        return hsm != null ? new HsmOprfKey(hsm.oprfKeys(), wrapped) : softwareOprfKey;
    }

    private ServerLogin.Start serverStart() throws OpaqueException {
        return ServerLogin.start(serverKey, oprfKey(), RegistrationRecord.deserialize(SUITE, record),
                KE1.deserialize(SUITE, ke1), ProtocolOptions.DEFAULT, replayed);
    }

    /** KE1 → KE2 (OPRF evaluation + 3DH: for HSM keys one unwrap, four derives), then KE3 verified. */
    @Benchmark
    public byte[] serverLogin() throws OpaqueException {
        return serverStart().state().finish(KE3.deserialize(SUITE, ke3));
    }

    /** Always the same bytes, so one KE3 verifies against every replayed KE2. Benchmarks only. */
    static final class ReplayedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (0x3c ^ i);
            }
        }
    }
}
