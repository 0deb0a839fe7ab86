package org.bkv.benchmarks.hsm;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import org.bkv.hsm.Hsm;
import org.bkv.hsm.WrappedOprfKey;
import org.bkv.hsm.ec.P256;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every HSM operation through the session pool (two sessions), ops/s. Run with {@code -t 1} and {@code -t 2}.
 * Module recycling is on at the default threshold, so its cost is included in the long-run averages.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 3)
@Fork(1)
public class HsmOperationsBenchmark {
    private final SecureRandom random = new SecureRandom();
    private Hsm hsm;
    private WrappedOprfKey key;
    private byte[] element;
    private byte[] kib;
    private byte[] sealedKib;
    private byte[] aad;
    private byte[] identifier;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        hsm = BenchmarkToken.open(2);
        key = hsm.oprfKeys().generate();
        element = P256.compressed(P256.G.multiply(new BigInteger(255, random).add(BigInteger.ONE)));
        kib = new byte[1024];
        random.nextBytes(kib);
        aad = "record 42 v1".getBytes(StandardCharsets.UTF_8);
        sealedKib = hsm.kek().seal(kib, aad);
        identifier = "alice@example.org".getBytes(StandardCharsets.UTF_8);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        hsm.close();
    }

    /** Unwrap under bkv-kek + two ECDH derives + destroy + exact recovery: one OPRF evaluation of a record. */
    @Benchmark
    public byte[] oprfEvaluateWrappedKey() {
        return hsm.oprfKeys().evaluate(key, element);
    }

    /** Two ECDH derives with the token key bkv-ake-p256 + recovery: one 3DH term. */
    @Benchmark
    public byte[] akeDiffieHellman() {
        return hsm.akeKey().diffieHellman(element);
    }

    /** EC key pair generation in the HSM + wrap under bkv-kek + destroy: a registration's new OPRF key. */
    @Benchmark
    public WrappedOprfKey oprfKeyGenerate() {
        return hsm.oprfKeys().generate();
    }

    @Benchmark
    public byte[] kekSeal1KiB() {
        return hsm.kek().seal(kib, aad);
    }

    @Benchmark
    public byte[] kekOpen1KiB() {
        return hsm.kek().open(sealedKib, aad);
    }

    @Benchmark
    public byte[] identifierMac() {
        return hsm.idMac().mac(identifier);
    }

    @Benchmark
    public byte[] auditSign() {
        return hsm.auditSigner().sign(identifier);
    }

    /** The /health/ready check: one full-point DH with the token key, compared with r·pkS in Java. */
    @Benchmark
    public void selfTest() {
        hsm.selfTest();
    }
}
