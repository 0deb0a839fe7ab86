package org.bkv.benchmarks.opaque;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bkv.opaque.ClientLogin;
import org.bkv.opaque.ClientRegistration;
import org.bkv.opaque.KE1;
import org.bkv.opaque.KE2;
import org.bkv.opaque.KE3;
import org.bkv.opaque.Ksf;
import org.bkv.opaque.ProtocolOptions;
import org.bkv.opaque.RegistrationRecord;
import org.bkv.opaque.RegistrationRequest;
import org.bkv.opaque.RegistrationResponse;
import org.bkv.opaque.ServerLogin;
import org.bkv.opaque.ServerRegistration;
import org.bkv.opaque.Suite;
import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.group.PrimeOrderGroup;
import org.bkv.opaque.server.SoftwareOprfKey;
import org.bkv.opaque.server.SoftwareServerStaticKey;

/**
 * Per-thread CPU time of each OPAQUE step (and of the group primitives) on one thread: min, median and
 * max over batches. CPU time of the measuring thread is not inflated by other processes waiting for the
 * core (only by cache/frequency interference), so on a shared machine the min of many batches is a
 * usable estimate of the idle-core cost.
 *
 * <p>Run: {@code java [-Dbkv.suite=P256-SHA256] -cp benchmarks/target/benchmarks.jar org.bkv.benchmarks.opaque.CpuTimeHarness [batches] [opsPerBatch] [regex]}
 */
public final class CpuTimeHarness {
    private static final byte[] PASSWORD = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CREDENTIAL = "alice@example.org".getBytes(StandardCharsets.UTF_8);
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static volatile Object sink;

    @FunctionalInterface
    interface Op {
        Object run() throws Exception;
    }

    private CpuTimeHarness() {
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String filter = args.length > 2 ? args[2] : "";
        System.out.printf("batches=%d ops/batch=%d load=%s%n", batches, ops, loadAverage());
        String only = System.getProperty("bkv.suite", "");
        for (Suite suite : new Suite[] {Suite.P256_SHA256, Suite.RISTRETTO255_SHA512}) {
            if (only.isEmpty() || only.equals(suite.wireName())) {
                run(suite, batches, ops, filter);
            }
        }
        System.out.printf("load at end=%s%n", loadAverage());
    }

    private static String loadAverage() {
        try {
            return new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/loadavg"))).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    private static void run(Suite suite, int batches, int ops, String filter) throws Exception {
        SecureRandom random = new SecureRandom();
        FixedRandom fixed = new FixedRandom();
        SoftwareServerStaticKey serverKey = SoftwareServerStaticKey.generate(suite, random);
        byte[] oprfSeed = SoftwareOprfKey.generateSeed(suite, random);
        ClientRegistration.Start rs = ClientRegistration.start(suite, PASSWORD, random);
        byte[] registrationRequest = rs.message().serialize();
        RegistrationResponse response = ServerRegistration.start(rs.message(),
                SoftwareOprfKey.derive(suite, oprfSeed, CREDENTIAL), serverKey);
        byte[] registrationResponse = response.serialize();
        byte[] record = rs.state().finish(PASSWORD, response, Ksf.IDENTITY, ProtocolOptions.DEFAULT, random)
                .message().serialize();
        ClientLogin.Start ls = ClientLogin.start(suite, PASSWORD, random);
        byte[] ke1 = ls.message().serialize();
        ServerLogin.Start ss = ServerLogin.start(serverKey, SoftwareOprfKey.derive(suite, oprfSeed, CREDENTIAL),
                RegistrationRecord.deserialize(suite, record), KE1.deserialize(suite, ke1), ProtocolOptions.DEFAULT, fixed);
        ServerLogin serverLogin = ss.state();
        byte[] ke2 = ss.message().serialize();
        byte[] ke3 = ls.state().finish(PASSWORD, ss.message(), Ksf.IDENTITY, ProtocolOptions.DEFAULT).message().serialize();
        ClientRegistration clientRegistration = rs.state();
        ClientLogin clientLogin = ls.state();

        PrimeOrderGroup g = suite.group();
        GroupElement point = KE1.deserialize(suite, ke1).clientPublicKeyshare();
        byte[] pointBytes = point.toByteArray();
        byte[] scalar = g.randomScalar(random);

        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"server login (KE2 + KE3 verify)", (Op) () -> {
            ServerLogin.Start s = ServerLogin.start(serverKey, SoftwareOprfKey.derive(suite, oprfSeed, CREDENTIAL),
                    RegistrationRecord.deserialize(suite, record), KE1.deserialize(suite, ke1), ProtocolOptions.DEFAULT, fixed);
            return s.state().finish(KE3.deserialize(suite, ke3));
        }});
        cases.add(new Object[] {"server KE1 -> KE2", (Op) () -> ServerLogin.start(serverKey,
                SoftwareOprfKey.derive(suite, oprfSeed, CREDENTIAL), RegistrationRecord.deserialize(suite, record),
                KE1.deserialize(suite, ke1), ProtocolOptions.DEFAULT, random).message().serialize()});
        cases.add(new Object[] {"server KE3 verify", (Op) () -> serverLogin.finish(KE3.deserialize(suite, ke3))});
        cases.add(new Object[] {"server registration response", (Op) () -> ServerRegistration.start(
                RegistrationRequest.deserialize(suite, registrationRequest),
                SoftwareOprfKey.derive(suite, oprfSeed, CREDENTIAL), serverKey).serialize()});
        cases.add(new Object[] {"client registration start", (Op) () ->
                ClientRegistration.start(suite, PASSWORD, random).message().serialize()});
        cases.add(new Object[] {"client registration finish", (Op) () -> clientRegistration.finish(PASSWORD,
                RegistrationResponse.deserialize(suite, registrationResponse), Ksf.IDENTITY, ProtocolOptions.DEFAULT,
                random).message().serialize()});
        cases.add(new Object[] {"client login start (KE1)", (Op) () ->
                ClientLogin.start(suite, PASSWORD, random).message().serialize()});
        cases.add(new Object[] {"client login finish (KE3)", (Op) () -> clientLogin.finish(PASSWORD,
                KE2.deserialize(suite, ke2), Ksf.IDENTITY, ProtocolOptions.DEFAULT).message().serialize()});
        cases.add(new Object[] {"prim: variable-base multiply + encode", (Op) () -> g.multiply(point, scalar).toByteArray()});
        cases.add(new Object[] {"prim: variable-base multiply", (Op) () -> g.multiply(point, scalar)});
        cases.add(new Object[] {"prim: fixed-base multiply", (Op) () -> g.multiplyGenerator(scalar)});
        cases.add(new Object[] {"prim: decode (decompress+validate)", (Op) () -> g.deserializeElement(pointBytes)});
        cases.add(new Object[] {"prim: OPRF key derivation", (Op) () -> SoftwareOprfKey.derive(suite, oprfSeed, CREDENTIAL)});
        if (suite == Suite.P256_SHA256) {
            // The machine's yardstick: STACK.md gives this multiplication as about 175 µs on the reference machines,
            // so figures measured on a slower or faster machine can be scaled by (175 / this) before they are
            // compared with the targets.
            org.bouncycastle.math.ec.ECPoint bcPoint = ((org.bkv.opaque.group.P256Element) point).point().normalize();
            java.math.BigInteger bcScalar = new java.math.BigInteger(1, scalar);
            cases.add(new Object[] {"ref: Bouncy Castle variable-base multiply", (Op) () ->
                    bcPoint.multiply(bcScalar).normalize()});
        }

        System.out.printf("%n== %s ==%n", suite.wireName());
        System.out.printf("%-40s %10s %10s %10s  (µs/op CPU time)%n", "operation", "min", "median", "max");
        for (Object[] c : cases) {
            String name = (String) c[0];
            if (!filter.isEmpty() && !java.util.regex.Pattern.compile(filter).matcher(name).find()) {
                continue;
            }
            Op op = (Op) c[1];
            int n = name.startsWith("client") ? Math.max(1, ops / 4) : ops;
            if (name.contains("KE3 verify")) {
                n = ops * 50;
            }
            for (int i = 0; i < 3 * n; i++) { // warm-up
                sink = op.run();
            }
            double[] perOp = new double[batches];
            for (int b = 0; b < batches; b++) {
                long t0 = MX.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    sink = op.run();
                }
                perOp[b] = (MX.getCurrentThreadCpuTime() - t0) / 1000.0 / n;
            }
            Arrays.sort(perOp);
            System.out.printf("%-40s %10.2f %10.2f %10.2f%n", name, perOp[0], perOp[batches / 2], perOp[batches - 1]);
        }
    }
}
