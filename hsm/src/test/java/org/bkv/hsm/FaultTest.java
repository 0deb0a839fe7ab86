package org.bkv.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.bkv.hsm.ec.P256;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.junit.jupiter.api.Test;

/**
 * The token going away and coming back, under load: typed exceptions, no hang, no crash, and recovery without
 * restarting the JVM. "Unreadable" is simulated by moving the token directory away (the tests run as root, for
 * whom chmod 000 changes nothing); "module unloaded" by C_Finalize behind the pool's back.
 */
class FaultTest {
    private static final byte[] B = P256.compressed(P256.G.multiply(BigInteger.valueOf(123456789)));

    /** Runs evaluations on two threads until stopped; records outcomes and the slowest failure. */
    private static final class Load implements AutoCloseable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong ok = new AtomicLong();
        /** When the latest successful evaluation started (System.nanoTime). */
        final AtomicLong lastOkStartedNanos = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong unavailable = new AtomicLong();
        final AtomicLong slowestFailureNanos = new AtomicLong();
        final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        final ExecutorService executor = Executors.newFixedThreadPool(2);
        final List<Future<?>> futures = new ArrayList<>();

        Load(Hsm hsm, WrappedOprfKey key) {
            for (int t = 0; t < 2; t++) {
                futures.add(executor.submit(() -> {
                    while (!stop.get()) {
                        long started = System.nanoTime();
                        try {
                            hsm.oprfKeys().evaluate(key, B);
                            ok.incrementAndGet();
                            lastOkStartedNanos.accumulateAndGet(started, Math::max);
                        } catch (HsmUnavailableException e) {
                            unavailable.incrementAndGet();
                            slowestFailureNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                            Thread.onSpinWait();
                        } catch (Throwable e) {
                            unexpected.add(e);
                        }
                    }
                }));
            }
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            executor.shutdown();
            try {
                assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).as("load threads stop").isTrue();
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                executor.shutdownNow();
            }
        }
    }

    private static void awaitAvailable(Hsm hsm, WrappedOprfKey key) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                hsm.oprfKeys().evaluate(key, B);
                return;
            } catch (HsmUnavailableException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("HSM did not come back within 20 s: " + hsm.status());
    }

    private static void awaitUnavailable(Load load) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (load.unavailable.get() < 20 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void tokenDirectoryGoneUnderLoadFailsFastAndComesBackWithoutRestart() throws Exception {
        SoftHsmToken token = TestTokens.create("fault");
        Path tokens = TestTokens.tokensDir();
        Path away = tokens.resolveSibling("tokens.away");
        try (Hsm hsm = Hsm.open(TestTokens.config(token))) {
            KeyInventory keys = hsm.provisionKeys();
            WrappedOprfKey key = hsm.oprfKeys().generate();
            byte[] expected = hsm.oprfKeys().evaluate(key, B);
            try (Load load = new Load(hsm, key)) {
                Thread.sleep(300);
                Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("---------"));
                Files.move(tokens, away);
                awaitUnavailable(load);
                assertThat(load.unavailable.get()).as("calls failed while the token was gone").isGreaterThanOrEqualTo(20);
                assertThat(hsm.available()).isFalse();
                assertThatThrownBy(hsm::selfTest).isInstanceOf(HsmUnavailableException.class);
                assertThatThrownBy(() -> hsm.kek().seal(new byte[] {1}, null)).isInstanceOf(HsmUnavailableException.class)
                        .hasMessageContaining("HSM unavailable");
                // A call already inside the HSM when the token went may still finish (it has the session's key
                // copies); no call that started once the token was known to be gone may succeed.
                long gone = System.nanoTime();
                Thread.sleep(500);
                assertThat(load.lastOkStartedNanos.get()).as("no evaluation started after the token went succeeds")
                        .isLessThan(gone);

                Files.move(away, tokens);
                Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rwx------"));
                awaitAvailable(hsm, key);
                long okAfter = load.ok.get();
                Thread.sleep(300);
                assertThat(load.ok.get()).as("evaluations resume").isGreaterThan(okAfter);
            } finally {
                if (Files.exists(away)) {
                    Files.move(away, tokens);
                }
            }
            assertThat(hsm.oprfKeys().evaluate(key, B)).isEqualTo(expected);
            assertThat(hsm.keys()).isEqualTo(keys);
            hsm.selfTest();
            assertThat(hsm.status().reconnects()).isPositive();
        }
    }

    @Test
    void callsWhileUnavailableFailFastWithATypedException() throws Exception {
        SoftHsmToken token = TestTokens.create("fault");
        Path tokens = TestTokens.tokensDir();
        Path away = tokens.resolveSibling("tokens.away");
        try (Hsm hsm = Hsm.open(TestTokens.config(token))) {
            hsm.provisionKeys();
            WrappedOprfKey key = hsm.oprfKeys().generate();
            Files.move(tokens, away);
            try (Load load = new Load(hsm, key)) {
                awaitUnavailable(load);
                Thread.sleep(1000);
                assertThat(load.unexpected).as("only HsmUnavailableException").isEmpty();
                assertThat(TimeUnit.NANOSECONDS.toMillis(load.slowestFailureNanos.get())).as("slowest failure, ms")
                        .isLessThan(2000);
            } finally {
                Files.move(away, tokens);
            }
            awaitAvailable(hsm, key);
        }
    }

    @Test
    void moduleFinalizedBehindThePoolIsReinitialisedAndKeysAreFoundAgain() throws Exception {
        SoftHsmToken token = TestTokens.create("fault");
        try (Hsm hsm = Hsm.open(TestTokens.config(token))) {
            hsm.provisionKeys();
            WrappedOprfKey key = hsm.oprfKeys().generate();
            byte[] expected = hsm.oprfKeys().evaluate(key, B);
            try (Load load = new Load(hsm, key)) {
                Thread.sleep(200);
                hsm.pool().finalizeModuleBehindPoolForTest();
                Thread.sleep(1000);
                assertThat(load.unexpected).isEmpty();
            }
            awaitAvailable(hsm, key);
            assertThat(hsm.oprfKeys().evaluate(key, B)).isEqualTo(expected);
            hsm.selfTest();
            assertThat(ProvisioningTest.sessionObjectCount(hsm)).isZero();
        }
    }

    @Test
    void closingWhileTheTokenIsGoneDoesNotHang() throws Exception {
        SoftHsmToken token = TestTokens.create("fault");
        Path tokens = TestTokens.tokensDir();
        Path away = tokens.resolveSibling("tokens.away");
        Hsm hsm = Hsm.open(TestTokens.config(token));
        hsm.provisionKeys();
        Files.move(tokens, away);
        try {
            // calls served by the in-memory session key copies may succeed until the token watch notices (≤ 200 ms)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (hsm.available() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(hsm.available()).as("token watch noticed the token is gone").isFalse();
            assertThatThrownBy(() -> hsm.oprfKeys().generate()).isInstanceOf(HsmUnavailableException.class);
            long started = System.nanoTime();
            hsm.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5000);
            assertThatThrownBy(() -> hsm.idMac().mac(new byte[1])).isInstanceOf(HsmUnavailableException.class);
        } finally {
            Files.move(away, tokens);
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .as("maintenance thread stopped").doesNotContain("bkv-hsm-maintenance");
    }
}
