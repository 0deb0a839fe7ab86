package org.bkv.benchmarks.client;

import org.bkv.client.backup.BackupCipher;
import org.bkv.client.key.BackupKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Encrypt/decrypt throughput of 64 MiB in memory, default 1 MiB segments (MB/s = 64 MiB / time).
 * Run: java -jar benchmarks/target/benchmarks.jar BackupCipherBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BackupCipherBenchmark {

    private static final int SIZE = 64 << 20;

    @Param({"1048576"})
    public int segmentSize;

    private BackupKey key;
    private BackupCipher cipher;
    private byte[] plaintext;
    private byte[] backup;

    @Setup
    public void setUp() throws IOException {
        key = BackupKey.generate();
        cipher = new BackupCipher(segmentSize);
        plaintext = new byte[SIZE];
        new Random(1).nextBytes(plaintext);
        ByteArrayOutputStream out = new ByteArrayOutputStream(SIZE + (1 << 20));
        cipher.encrypt(key, new ByteArrayInputStream(plaintext), out);
        backup = out.toByteArray();
    }

    @Benchmark
    public long encrypt() throws IOException {
        return cipher.encrypt(key, new ByteArrayInputStream(plaintext), OutputStream.nullOutputStream());
    }

    @Benchmark
    public long decrypt() throws IOException {
        return cipher.decrypt(key, new ByteArrayInputStream(backup), OutputStream.nullOutputStream());
    }
}
