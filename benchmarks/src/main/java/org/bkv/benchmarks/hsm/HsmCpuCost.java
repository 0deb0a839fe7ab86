package org.bkv.benchmarks.hsm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time per operation on the calling thread, for a machine shared with other work where JMH's wall-clock
 * figures are noisy. SoftHSM runs inside the calling thread, so its work is counted; the JVM's own threads (JIT,
 * GC) are not. Run: {@code SOFTHSM2_CONF=... java -cp benchmarks/target/benchmarks.jar
 * org.bkv.benchmarks.hsm.HsmCpuCost 3000}.
 */
public final class HsmCpuCost {
    @FunctionalInterface
    private interface Op {
        Object run() throws Exception;
    }

    private HsmCpuCost() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        HsmOperationsBenchmark ops = new HsmOperationsBenchmark();
        ops.setUp();
        try {
            measure("oprfEvaluateWrappedKey", n, ops::oprfEvaluateWrappedKey);
            measure("akeDiffieHellman", n, ops::akeDiffieHellman);
            measure("oprfKeyGenerate", n, ops::oprfKeyGenerate);
            measure("kekSeal1KiB", n, ops::kekSeal1KiB);
            measure("kekOpen1KiB", n, ops::kekOpen1KiB);
            measure("identifierMac", n, ops::identifierMac);
            measure("auditSign", n, ops::auditSign);
            measure("selfTest", n, () -> {
                ops.selfTest();
                return null;
            });
        } finally {
            ops.tearDown();
        }
        for (String keys : new String[] {"HSM", "SOFTWARE"}) {
            HsmLoginBenchmark login = new HsmLoginBenchmark();
            login.keys = keys;
            login.setUp();
            try {
                measure("serverLogin " + keys, n, login::serverLogin);
            } finally {
                login.tearDown();
            }
        }
    }

    private static void measure(String name, int n, Op op) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < n / 2; i++) {
            op.run();
        }
        long bestCpu = Long.MAX_VALUE;
        long bestWall = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) { // best of three rounds: the least disturbed
            long wall = System.nanoTime();
            long cpu = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n / 3; i++) {
                op.run();
            }
            bestCpu = Math.min(bestCpu, (mx.getCurrentThreadCpuTime() - cpu) / (n / 3));
            bestWall = Math.min(bestWall, (System.nanoTime() - wall) / (n / 3));
        }
        System.out.printf("%-24s cpu %8.1f us/op   wall %8.1f us/op%n", name, bestCpu / 1e3, bestWall / 1e3);
    }
}
