package org.bkv.ejb.application;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bkv.opaque.ClientLogin;
import org.bkv.opaque.ClientRegistration;
import org.bkv.opaque.KE1;
import org.bkv.opaque.KE2;
import org.bkv.opaque.KE3;
import org.bkv.opaque.Ksf;
import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.ProtocolOptions;
import org.bkv.opaque.RegistrationRecord;
import org.bkv.opaque.RegistrationRequest;
import org.bkv.opaque.RegistrationResponse;
import org.bkv.opaque.ServerLogin;
import org.bkv.opaque.ServerRegistration;
import org.bkv.opaque.Suite;
import org.bkv.opaque.server.SoftwareOprfKey;
import org.bkv.opaque.server.SoftwareServerStaticKey;

/**
 * Runs whole OPAQUE registrations and logins of one suite, with throwaway software keys and a throwaway password, in
 * rounds until a round costs no less CPU than the one before it, so that the JIT has compiled the group arithmetic,
 * the message codecs and the key schedule before the first client needs them. In a fresh appliance the P-256
 * arithmetic otherwise waits ≈ 50 s in the C2 queue behind the server's own code and runs ≈ 5–20× slower meanwhile
 * (docs/PERFORMANCE.md). Nothing here touches the HSM, the database or the audit log, and nothing is kept.
 */
final class OpaqueWarmUp {

    /** What one suite's warm-up did: rounds run and each round's CPU time per login, in µs. */
    record Result(Suite suite, List<Long> microsPerLogin, boolean settled) {
    }

    private static final byte[] PASSWORD = "warm-up password, not a secret".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CREDENTIAL = "warm-up".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int loginsPerRound;
    private final int maxRounds;
    private final SecureRandom random = new SecureRandom();

    OpaqueWarmUp(int loginsPerRound, int maxRounds) {
        if (loginsPerRound < 1 || maxRounds < 2) {
            throw new IllegalArgumentException("at least one login per round and two rounds");
        }
        this.loginsPerRound = loginsPerRound;
        this.maxRounds = maxRounds;
    }

    /**
     * Rounds of {@code loginsPerRound} logins (and one registration) until a round is not at least 10 % cheaper than
     * the one before, or {@code maxRounds} rounds. Every login is checked end to end (the server accepts the client's
     * KE3 and both derive one session key), so a warm-up that passes also says the suite works on this JVM.
     */
    Result run(Suite suite) throws OpaqueException {
        List<Long> micros = new ArrayList<>();
        for (int round = 0; round < maxRounds; round++) {
            long start = THREADS.getCurrentThreadCpuTime();
            Keys keys = register(suite);
            for (int i = 0; i < loginsPerRound; i++) {
                login(suite, keys);
            }
            micros.add((THREADS.getCurrentThreadCpuTime() - start) / 1_000 / loginsPerRound);
            int n = micros.size();
            if (n >= 2 && micros.get(n - 1) * 10 >= micros.get(n - 2) * 9) {
                return new Result(suite, List.copyOf(micros), true);
            }
        }
        return new Result(suite, List.copyOf(micros), false);
    }

    private record Keys(SoftwareServerStaticKey serverKey, SoftwareOprfKey oprfKey, RegistrationRecord record) {
    }

    private Keys register(Suite suite) throws OpaqueException {
        SoftwareServerStaticKey serverKey = SoftwareServerStaticKey.generate(suite, random);
        SoftwareOprfKey oprfKey = SoftwareOprfKey.derive(suite, SoftwareOprfKey.generateSeed(suite, random), CREDENTIAL);
        ClientRegistration.Start start = ClientRegistration.start(suite, PASSWORD, random);
        RegistrationResponse response = ServerRegistration.start(
                RegistrationRequest.deserialize(suite, start.message().serialize()), oprfKey, serverKey);
        RegistrationRecord record = start.state().finish(PASSWORD,
                RegistrationResponse.deserialize(suite, response.serialize()), Ksf.IDENTITY, ProtocolOptions.DEFAULT, random)
                .message();
        return new Keys(serverKey, oprfKey, RegistrationRecord.deserialize(suite, record.serialize()));
    }

    private void login(Suite suite, Keys k) throws OpaqueException {
        ClientLogin.Start client = ClientLogin.start(suite, PASSWORD, random);
        ServerLogin.Start server = ServerLogin.start(k.serverKey(), k.oprfKey(), k.record(),
                KE1.deserialize(suite, client.message().serialize()), ProtocolOptions.DEFAULT, random);
        ClientLogin.Finish finish = client.state().finish(PASSWORD,
                KE2.deserialize(suite, server.message().serialize()), Ksf.IDENTITY, ProtocolOptions.DEFAULT);
        byte[] sessionKey = server.state().finish(KE3.deserialize(suite, finish.message().serialize()));
        if (!MessageDigest.isEqual(sessionKey, finish.sessionKey())) {
            throw new IllegalStateException(suite.wireName() + " warm-up: client and server derived different session keys");
        }
    }
}
