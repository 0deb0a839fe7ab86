package org.bkv.hsm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.bkv.hsm.ec.P256;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.junit.jupiter.api.Test;

/** Module recycling after N created objects: drain, C_Finalize, C_Initialize, login, keys found again; nothing fails. */
class RecyclingTest {

    @Test
    void recyclingUnderConcurrentLoadFailsNoRequest() throws Exception {
        SoftHsmToken token = TestTokens.create("recycle");
        try (Hsm hsm = Hsm.open(TestTokens.config(token, 2, 500))) {
            hsm.provisionKeys();
            WrappedOprfKey key = hsm.oprfKeys().generate();
            BigInteger r = BigInteger.valueOf(987654321);
            byte[] b = P256.compressed(P256.G.multiply(r));
            byte[] expected = P256.compressed(P256.decode(key.publicKey()).multiply(r));
            byte[] expectedDh = P256.compressed(P256.decode(hsm.akeKey().publicKey()).multiply(r));
            AtomicLong slowestNanos = new AtomicLong();
            ExecutorService executor = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    futures.add(executor.submit(() -> {
                        for (int i = 0; i < 700; i++) {
                            long started = System.nanoTime();
                            assertThat(hsm.oprfKeys().evaluate(key, b)).isEqualTo(expected);
                            if (i % 5 == 0) {
                                assertThat(hsm.akeKey().diffieHellman(b)).isEqualTo(expectedDh);
                            }
                            slowestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(5, TimeUnit.MINUTES);
                }
            } finally {
                executor.shutdownNow();
            }
            HsmStatus status = hsm.status();
            // 2,100 evaluations × 3 objects + 420 DH × 2 ≈ 7,000 objects: about 14 recycles at 500
            assertThat(status.recycles()).isGreaterThanOrEqualTo(8);
            assertThat(status.reconnects()).isZero();
            assertThat(status.lastRecycleMillis()).isBetween(0L, SessionPool.WAIT_MILLIS);
            assertThat(status.available()).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(slowestNanos.get())).as("slowest call, ms").isLessThan(SessionPool.WAIT_MILLIS);
            System.out.println("recycling: " + status + ", slowest call " + slowestNanos.get() / 1_000_000 + " ms");
            hsm.selfTest();
            assertThat(ProvisioningTest.sessionObjectCount(hsm)).isZero();
        }
    }

    @Test
    void recyclingCanBeTurnedOff() {
        SoftHsmToken token = TestTokens.create("recycle");
        try (Hsm hsm = Hsm.open(TestTokens.config(token, 1, 0))) {
            hsm.provisionKeys();
            WrappedOprfKey key = hsm.oprfKeys().generate();
            for (int i = 0; i < 50; i++) {
                hsm.oprfKeys().evaluate(key, P256.compressed(P256.G));
            }
            assertThat(hsm.status().recycles()).isZero();
            assertThat(hsm.status().objectsSinceRecycle()).isGreaterThanOrEqualTo(150);
        }
    }
}
