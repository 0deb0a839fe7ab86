package org.bkv.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bkv.client.key.BackupKey;
import org.bkv.client.sdk.BkvClient;
import org.bkv.client.sdk.ServerTrust;
import org.bkv.opaque.KsfProfile;
import org.bkv.opaque.Suite;

/**
 * Registrations and recoveries per second against a running appliance, through the SDK over HTTPS, with the
 * test-only KSF so that the client's Argon2id does not hide the server. Reports throughput, latency p50/p99 and the
 * appliance's CPU-seconds per operation, read from /proc/&lt;pid&gt;/stat of its JVM.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.bkv.benchmarks.load.LoadGenerator \
 *     URL PIN_SHA256 APPLIANCE_PID SUITE THREADS IDENTIFIERS SECONDS</pre>
 * The appliance must not rate-limit the generator's address ({@code BKV_API_RATE_LIMIT_EXEMPT=127.0.0.1}).
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: LoadGenerator URL PIN_SHA256 APPLIANCE_PID SUITE THREADS IDENTIFIERS SECONDS");
            System.exit(2);
        }
        URI server = URI.create(args[0]);
        String pin = args[1];
        long pid = Long.parseLong(args[2]);
        Suite suite = Suite.fromWireName(args[3]);
        int threads = Integer.parseInt(args[4]);
        int identifiers = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        int warmUp = Integer.getInteger("bkv.load.warmUpSeconds", seconds);

        BkvClient client = BkvClient.builder(server).trust(ServerTrust.pinnedSha256(pin))
                .ksf(KsfProfile.TEST_ONLY.ksf()).retries(0, Duration.ofSeconds(1)).build();
        String run = Long.toHexString(System.nanoTime());
        char[] password = "load generator password".toCharArray();

        // Registrations: each identifier once, spread over the threads.
        AtomicInteger next = new AtomicInteger();
        Phase registrations = phase(pid, threads, () -> {
            int i = next.getAndIncrement();
            if (i >= identifiers) {
                return false;
            }
            client.escrow(identifier(run, i), password, BackupKey.generate(), suite);
            return true;
        }, Duration.ofHours(1));
        report("registrations", suite, threads, registrations);

        // Recoveries: round robin over the registered identifiers, for the given time, after a warm-up (as long again,
        // or -Dbkv.load.warmUpSeconds): a fresh appliance JVM spends its first minutes compiling, which is not the
        // steady state (the report shows how much of the appliance's CPU its JIT compiler threads still take).
        AtomicInteger turn = new AtomicInteger();
        Operation recovery = () -> {
            client.recover(identifier(run, Math.floorMod(turn.getAndIncrement(), identifiers)), password, suite);
            return true;
        };
        phase(pid, threads, recovery, Duration.ofSeconds(warmUp));
        report("recoveries", suite, threads, phase(pid, threads, recovery, Duration.ofSeconds(seconds)));
    }

    interface Operation {
        boolean run() throws Exception;
    }

    /**
     * @param serverCpuSeconds the whole appliance process
     * @param jitCpuSeconds of that, its JIT compiler threads (a young JVM's compilation, not the work's steady cost)
     * @param gcCpuSeconds of that, its garbage collector and VM threads
     * @param generatorCpuSeconds this load generator's own process (the SDK's OPAQUE client work and HTTPS), which
     *                            shares the machine's cores with the appliance
     */
    record Phase(int operations, int failures, double seconds, long[] latenciesNanos, double serverCpuSeconds,
                 double jitCpuSeconds, double gcCpuSeconds, double generatorCpuSeconds) {
    }

    static Phase phase(long pid, int threads, Operation operation, Duration limit) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long deadline = System.nanoTime() + limit.toNanos();
        AtomicInteger failures = new AtomicInteger();
        List<Future<long[]>> results = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        double cpuBefore = cpuSeconds(pid);
        double selfBefore = cpuSeconds(self);
        double[] threadsBefore = threadCpuSeconds(pid);
        long start = System.nanoTime();
        try {
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    long[] latencies = new long[1024];
                    int n = 0;
                    while (System.nanoTime() < deadline) {
                        long begin = System.nanoTime();
                        try {
                            if (!operation.run()) {
                                break;
                            }
                        } catch (Exception e) {
                            if (failures.incrementAndGet() <= 3) {
                                System.err.println("operation failed: " + e);
                            }
                            continue;
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = System.nanoTime() - begin;
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            long[] all = new long[0];
            for (Future<long[]> result : results) {
                long[] part = result.get();
                long[] merged = Arrays.copyOf(all, all.length + part.length);
                System.arraycopy(part, 0, merged, all.length, part.length);
                all = merged;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpuAfter = cpuSeconds(pid);
            double selfAfter = cpuSeconds(self);
            double[] threadsAfter = threadCpuSeconds(pid);
            Arrays.sort(all);
            return new Phase(all.length, failures.get(), elapsed, all, cpuAfter - cpuBefore,
                    threadsAfter[0] - threadsBefore[0], threadsAfter[1] - threadsBefore[1], selfAfter - selfBefore);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    static void report(String what, Suite suite, int threads, Phase p) {
        double perSecond = p.operations() / p.seconds();
        System.out.printf("%-13s %-19s threads %2d: %6d ok, %d failed in %.1f s = %7.1f/s; latency p50 %.2f ms, p99 %.2f ms;"
                        + " appliance CPU %.3f ms per op (JIT compiler threads %.3f, GC and VM threads %.3f, the rest %.3f);"
                        + " generator CPU %.3f ms per op%n",
                what, suite.wireName(), threads, p.operations(), p.failures(), p.seconds(), perSecond,
                percentile(p.latenciesNanos(), 0.50) / 1e6, percentile(p.latenciesNanos(), 0.99) / 1e6,
                perOp(p.serverCpuSeconds(), p), perOp(p.jitCpuSeconds(), p), perOp(p.gcCpuSeconds(), p),
                perOp(p.serverCpuSeconds() - p.jitCpuSeconds() - p.gcCpuSeconds(), p), perOp(p.generatorCpuSeconds(), p));
    }

    private static double perOp(double seconds, Phase p) {
        return p.operations() == 0 ? Double.NaN : seconds * 1000 / p.operations();
    }

    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** utime + stime of a process, in seconds (fields 14 and 15 of /proc/pid/stat, in clock ticks of 1/100 s). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /**
     * CPU seconds of the appliance's JIT compiler threads ([0]) and of its GC and VM threads ([1]), summed over
     * /proc/pid/task/*&#47;stat by thread name. Threads that end between two readings take their time with them,
     * which is why the whole process is read separately.
     */
    static double[] threadCpuSeconds(long pid) throws IOException {
        double[] sums = new double[2];
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // the thread ended after the listing
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                if (name.contains("CompilerThre")) {
                    sums[0] += seconds;
                } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
                    sums[1] += seconds;
                }
            }
        }
        return sums;
    }

    private static String identifier(String run, int i) {
        return "load-" + run + "-" + i + "@example.org";
    }
}
