package org.bkv.client.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.AEADBadTagException;
import org.bkv.client.key.BackupKey;

/**
 * Whole-stream encryption and decryption with the segments sealed or opened on several cores at once. Segments
 * are independent (each has its own nonce), so a reader thread reads ahead and hands each segment to a worker, while
 * the calling thread writes the results strictly in order: reading, sealing and writing overlap. The output is byte
 * for byte what the one-thread streams produce, and decryption still writes a segment's plaintext only after it (and
 * every segment before it) verified. Every failure, the reader's included, takes its segment's place in the order,
 * so the first one in the file is the one reported.
 *
 * <p>The input stream is read on the reader thread ({@code bkv-reader}), the output written on the calling thread;
 * both are done with when this returns. Memory: at most {@code 4 × workers + 3} segment buffers, made as needed (≈ 11
 * MiB for 2 workers and 1 MiB segments; three for a file of one segment). They hold file data only, the plaintext
 * and ciphertext that the input and output hold too, and are zeroed once, when the pipeline closes, rather than
 * after every segment (that cost ≈ 40 ms of CPU per GiB).
 */
final class ParallelSegments {

    private ParallelSegments() {
    }

    /** Sealed (or opened) segment: the result buffer and its length. */
    private record Done(byte[] output, int length) {
    }

    /** Workers worth using here: the machine's cores, at most 4 (I/O bound beyond). */
    static int defaultWorkers() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    static long encrypt(BackupKey key, BackupHeader header, InputStream plaintext, OutputStream ciphertext, int workers)
            throws IOException {
        int size = header.segmentSize();
        ciphertext.write(header.encoded());
        try (Pipeline pipeline = new Pipeline(key, header, workers, size, size + SegmentCipher.TAG_LENGTH)) {
            pipeline.startReader(plaintext, size, (index, last, input, length) -> {
                checkIndex(index);
                pipeline.submit(input, (cipher, sealed) -> cipher.seal(index, last, input, length, sealed));
            });
            pipeline.writeInOrder(ciphertext);
            ciphertext.flush();
            return pipeline.bytesRead();
        }
    }

    static long decrypt(BackupKey key, InputStream ciphertext, OutputStream plaintext, int workers) throws IOException {
        BackupHeader header = BackupHeader.read(ciphertext);
        int size = header.segmentSize();
        int full = size + SegmentCipher.TAG_LENGTH;
        try (Pipeline pipeline = new Pipeline(key, header, workers, full, size)) {
            pipeline.startReader(ciphertext, full, (index, last, sealed, length) -> {
                if (length < SegmentCipher.TAG_LENGTH) {
                    throw new BackupFormatException(index == 0 && length == 0
                            ? "the backup is truncated: it ends right after its header"
                            : "the backup is truncated: segment " + index + " is shorter than its tag");
                }
                if (index > SegmentCipher.MAX_SEGMENT_INDEX) {
                    throw new BackupFormatException("the backup has more than 2^32 segments");
                }
                pipeline.submit(sealed, (cipher, plain) -> {
                    try {
                        return cipher.open(index, last, sealed, length, plain);
                    } catch (AEADBadTagException e) {
                        throw SegmentCipher.authenticationFailure(cipher, index, last, sealed, length, full, plain);
                    }
                });
            });
            return pipeline.writeInOrder(plaintext);
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

    /**
     * Segment buffers of one size, made when first needed (a small file needs two or three, a large one the
     * pipeline's full window), at most {@code limit}; {@link #wipe} zeroes all that were made.
     */
    private static final class BufferPool {
        private final BlockingQueue<byte[]> free;
        private final List<byte[]> made = new ArrayList<>();
        private final int limit;
        private final int size;

        BufferPool(int limit, int size) {
            this.free = new ArrayBlockingQueue<>(limit);
            this.limit = limit;
            this.size = size;
        }

        /** A free buffer, a new one while fewer than the limit exist, or else waits (giving up once closed). */
        byte[] take(Pipeline pipeline) throws InterruptedIOException {
            byte[] buffer = free.poll();
            if (buffer != null) {
                return buffer;
            }
            synchronized (made) {
                if (made.size() < limit) {
                    buffer = new byte[size];
                    made.add(buffer);
                    return buffer;
                }
            }
            try {
                while (!pipeline.closed) {
                    buffer = free.poll(Pipeline.POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (buffer != null) {
                        return buffer;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new InterruptedIOException("the segment pipeline was closed");
        }

        void add(byte[] buffer) {
            free.add(buffer);
        }

        void wipe() {
            synchronized (made) {
                for (byte[] buffer : made) {
                    Arrays.fill(buffer, (byte) 0);
                }
            }
        }
    }

    /** One segment's work on a worker: from its input buffer into {@code output}; returns the output length. */
    interface SegmentTask {
        int run(SegmentCipher cipher, byte[] output) throws Exception;
    }

    /** On the reader thread, one segment as read: its index, whether it is the file's last, its buffer and length. */
    interface Segment {
        void accept(long index, boolean last, byte[] input, int length) throws IOException;
    }

    /**
     * A reader thread, workers with one SegmentCipher each, and a bounded queue of results in segment order. The
     * reader takes an input and an output buffer before it submits a segment, so a worker never waits for a buffer
     * and at most {@code window} segments are in flight; the writer returns output buffers, workers input buffers.
     */
    private static final class Pipeline implements AutoCloseable {
        /** Marks the end of the results: the reader finished without failure. */
        private static final Future<Done> END = CompletableFuture.completedFuture(null);
        /** How long a blocked reader waits before it looks whether the pipeline was closed. */
        private static final long POLL_MILLIS = 20;

        private final ExecutorService pool;
        private final ThreadLocal<SegmentCipher> ciphers;
        private final BlockingQueue<Future<Done>> results;
        private final BufferPool inputs;
        private final BufferPool outputs;
        private volatile boolean closed;
        private Thread reader;
        private long bytesRead;

        Pipeline(BackupKey key, BackupHeader header, int workers, int inputSize, int outputSize) {
            int window = 2 * workers;
            this.results = new ArrayBlockingQueue<>(window + 1);
            this.inputs = new BufferPool(window + 2, inputSize);
            this.outputs = new BufferPool(window + 1, outputSize);
            this.ciphers = ThreadLocal.withInitial(() -> new SegmentCipher(key, header));
            this.pool = Executors.newFixedThreadPool(workers, task -> {
                Thread t = new Thread(task, "bkv-segments");
                t.setDaemon(true);
                return t;
            });
        }

        /** Starts the reader thread: {@code in} in pieces of {@code size} bytes, each handed to {@code each}. */
        void startReader(InputStream in, int size, Segment each) {
            reader = new Thread(() -> {
                Future<Done> end;
                try {
                    bytesRead = readSegments(in, size, each);
                    end = END;
                } catch (Throwable failure) {
                    end = CompletableFuture.failedFuture(failure);
                }
                try {
                    put(end);
                } catch (InterruptedIOException closedMeanwhile) {
                    // Nobody is waiting for the results any more.
                }
            }, "bkv-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** Writes the results in segment order until the reader's end; throws the first failure. */
        long writeInOrder(OutputStream out) throws IOException {
            long written = 0;
            while (true) {
                Future<Done> next;
                try {
                    next = results.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while sealing or opening segments");
                }
                Done done = await(next);
                if (next == END) {
                    return written;
                }
                out.write(done.output(), 0, done.length());
                written += done.length();
                outputs.add(done.output());
            }
        }

        /** The bytes the reader read from its input; valid after {@link #writeInOrder} returned. */
        long bytesRead() {
            return bytesRead;
        }

        /**
         * Reads one piece ahead, so that each piece is known to be the last (shorter than {@code size}, or followed by
         * an empty read) before it is handed on. Returns the bytes read.
         */
        private long readSegments(InputStream in, int size, Segment each) throws IOException {
            byte[] pending = inputs.take(this);
            int pendingLength = readFully(in, pending, size);
            long total = pendingLength;
            for (long index = 0; ; index++) {
                boolean last = pendingLength < size;
                byte[] next = null;
                int nextLength = 0;
                if (!last) {
                    next = inputs.take(this);
                    nextLength = readFully(in, next, size);
                    last = nextLength == 0;
                    total += nextLength;
                }
                each.accept(index, last, pending, pendingLength);
                if (last) {
                    if (next != null) {
                        inputs.add(next);
                    }
                    return total;
                }
                pending = next;
                pendingLength = nextLength;
            }
        }

        /** On the reader: hands {@code input} to a worker, with an output buffer, in the next place in order. */
        void submit(byte[] input, SegmentTask task) throws InterruptedIOException {
            byte[] output = outputs.take(this);
            put(pool.submit(() -> {
                try {
                    return new Done(output, task.run(ciphers.get(), output));
                } finally {
                    inputs.add(input);
                }
            }));
        }

        private static Done await(Future<Done> future) throws IOException {
            try {
                return future.get();
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
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IOException("a segment worker failed", cause);
            }
        }

        private void put(Future<Done> result) throws InterruptedIOException {
            try {
                while (!closed) {
                    if (results.offer(result, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new InterruptedIOException("the segment pipeline was closed");
        }

        /**
         * Stops the reader at its next wait (a reader blocked in a read of its input stream stops when that read
         * returns), waits for the workers' segments in flight, then zeroes every buffer.
         */
        @Override
        public void close() {
            closed = true;
            for (Future<Done> future : results) {
                future.cancel(true);
            }
            pool.shutdownNow();
            try {
                pool.awaitTermination(10, TimeUnit.SECONDS);
                if (reader != null) {
                    reader.join(TimeUnit.SECONDS.toMillis(1));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inputs.wipe();
            outputs.wipe();
        }
    }
}
