package org.bkv.client.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.AEADBadTagException;
import org.bkv.client.key.BackupKey;

/**
 * Whole-stream encryption and decryption with the segments sealed or opened on several cores at once. Segments
 * are independent (each has its own nonce), so workers take them in turn while this thread reads ahead and writes
 * results strictly in order. The output is byte for byte what the one-thread streams produce, and decryption still
 * writes a segment's plaintext only after it (and every segment before it) verified.
 *
 * <p>Memory: about {@code 2 × workers + 2} segment buffers each way (≈ 10 MiB for 2 workers, 1 MiB segments).
 */
final class ParallelSegments {

    private ParallelSegments() {
    }

    /** Sealed (or opened) segment: the result buffer and its length, plus the input buffer to recycle. */
    private record Done(byte[] input, byte[] output, int length) {
    }

    /** Workers worth using here: the machine's cores, at most 4 (I/O bound beyond). */
    static int defaultWorkers() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    static long encrypt(BackupKey key, BackupHeader header, InputStream plaintext, OutputStream ciphertext, int workers)
            throws IOException {
        int size = header.segmentSize();
        ciphertext.write(header.encoded());
        try (Pipeline pipeline = new Pipeline(key, header, workers, size, size + SegmentCipher.TAG_LENGTH, ciphertext)) {
            long total = 0;
            long index = 0;
            byte[] pending = pipeline.input();
            int pendingLength = readFully(plaintext, pending, size);
            total += pendingLength;
            while (true) {
                boolean last = pendingLength < size;
                byte[] next = null;
                int nextLength = 0;
                if (!last) {
                    pipeline.drainIfFull();
                    next = pipeline.input();
                    nextLength = readFully(plaintext, next, size);
                    last = nextLength == 0;
                    total += nextLength;
                }
                checkIndex(index);
                long segment = index++;
                boolean isLast = last;
                byte[] input = pending;
                int length = pendingLength;
                pipeline.submit(cipher -> {
                    byte[] sealed = pipeline.output();
                    return new Done(input, sealed, cipher.seal(segment, isLast, input, length, sealed));
                });
                if (last) {
                    if (next != null) {
                        pipeline.recycleInput(next);
                    }
                    break;
                }
                pending = next;
                pendingLength = nextLength;
            }
            pipeline.drainAll();
            ciphertext.flush();
            return total;
        }
    }

    static long decrypt(BackupKey key, InputStream ciphertext, OutputStream plaintext, int workers) throws IOException {
        BackupHeader header = BackupHeader.read(ciphertext);
        int size = header.segmentSize();
        int full = size + SegmentCipher.TAG_LENGTH;
        try (Pipeline pipeline = new Pipeline(key, header, workers, full, size, plaintext)) {
            long index = 0;
            byte[] pending = pipeline.input();
            int pendingLength = readFully(ciphertext, pending, full);
            while (true) {
                boolean last = pendingLength < full;
                byte[] next = null;
                int nextLength = 0;
                if (!last) {
                    pipeline.drainIfFull();
                    next = pipeline.input();
                    nextLength = readFully(ciphertext, next, full);
                    last = nextLength == 0;
                }
                if (pendingLength < SegmentCipher.TAG_LENGTH) {
                    pipeline.drainAll(); // report an earlier bad segment first, as the one-thread stream would
                    throw new BackupFormatException(index == 0 && pendingLength == 0
                            ? "the backup is truncated: it ends right after its header"
                            : "the backup is truncated: segment " + index + " is shorter than its tag");
                }
                if (index > SegmentCipher.MAX_SEGMENT_INDEX) {
                    throw new BackupFormatException("the backup has more than 2^32 segments");
                }
                long segment = index++;
                boolean isLast = last;
                byte[] sealed = pending;
                int length = pendingLength;
                pipeline.submit(cipher -> {
                    byte[] plain = pipeline.output();
                    try {
                        return new Done(sealed, plain, cipher.open(segment, isLast, sealed, length, plain));
                    } catch (AEADBadTagException e) {
                        throw SegmentCipher.authenticationFailure(cipher, segment, isLast, sealed, length, full, plain);
                    }
                });
                if (last) {
                    if (next != null) {
                        pipeline.recycleInput(next);
                    }
                    break;
                }
                pending = next;
                pendingLength = nextLength;
            }
            return pipeline.drainAll();
        }
    }

    private static void checkIndex(long index) throws IOException {
        if (index > SegmentCipher.MAX_SEGMENT_INDEX) {
            throw new IOException("the backup is too large: more than 2^32 segments");
        }
    }

    private static int readFully(InputStream in, byte[] buffer, int length) throws IOException {
        int filled = 0;
        while (filled < length) {
            int n = in.read(buffer, filled, length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    interface SegmentTask {
        Done run(SegmentCipher cipher) throws Exception;
    }

    /** Workers with one SegmentCipher each, a bounded window of segments in flight, results written in order. */
    private static final class Pipeline implements AutoCloseable {
        private final ExecutorService pool;
        private final ThreadLocal<SegmentCipher> ciphers;
        private final ArrayDeque<Future<Done>> inFlight = new ArrayDeque<>();
        private final BlockingQueue<byte[]> inputs;
        private final BlockingQueue<byte[]> outputs;
        private final int window;
        private final OutputStream out;
        private long written;

        Pipeline(BackupKey key, BackupHeader header, int workers, int inputSize, int outputSize, OutputStream out) {
            this.window = 2 * workers;
            this.out = out;
            this.inputs = new ArrayBlockingQueue<>(window + 2);
            this.outputs = new ArrayBlockingQueue<>(window);
            for (int i = 0; i < window + 2; i++) {
                inputs.add(new byte[inputSize]);
            }
            for (int i = 0; i < window; i++) {
                outputs.add(new byte[outputSize]);
            }
            this.ciphers = ThreadLocal.withInitial(() -> new SegmentCipher(key, header));
            this.pool = Executors.newFixedThreadPool(workers, task -> {
                Thread t = new Thread(task, "bkv-segments");
                t.setDaemon(true);
                return t;
            });
        }

        byte[] input() {
            byte[] buffer = inputs.poll();
            if (buffer == null) {
                throw new IllegalStateException("segment buffers exhausted"); // cannot happen: drainIfFull first
            }
            return buffer;
        }

        byte[] output() {
            byte[] buffer = outputs.poll();
            if (buffer == null) {
                throw new IllegalStateException("segment buffers exhausted");
            }
            return buffer;
        }

        void recycleInput(byte[] buffer) {
            inputs.add(buffer);
        }

        void submit(SegmentTask task) throws IOException {
            drainIfFull();
            Callable<Done> call = () -> task.run(ciphers.get());
            inFlight.add(pool.submit(call));
        }

        void drainIfFull() throws IOException {
            while (inFlight.size() >= window) {
                writeHead();
            }
        }

        long drainAll() throws IOException {
            while (!inFlight.isEmpty()) {
                writeHead();
            }
            return written;
        }

        private void writeHead() throws IOException {
            Done done;
            try {
                done = inFlight.remove().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while sealing or opening segments");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException("a segment worker failed", cause);
            }
            out.write(done.output(), 0, done.length());
            written += done.length();
            Arrays.fill(done.input(), (byte) 0);
            inputs.add(done.input());
            outputs.add(done.output());
        }

        @Override
        public void close() {
            for (Future<Done> future : inFlight) {
                future.cancel(true);
            }
            pool.shutdownNow();
            for (byte[] buffer : inputs) {
                Arrays.fill(buffer, (byte) 0);
            }
            for (byte[] buffer : outputs) {
                Arrays.fill(buffer, (byte) 0);
            }
        }
    }
}
