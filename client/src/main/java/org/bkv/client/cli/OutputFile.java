package org.bkv.client.cli;

import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * An output file that appears whole or not at all: data goes to a hidden temporary file beside
 * the target (owner-only, 600, on POSIX), which {@link #commit()} syncs and renames into place.
 * Closing without commit deletes it. Without {@code replace}, an existing target is never
 * overwritten, even if it appears while bkv runs (published with a hard link, which cannot clobber).
 *
 * <p>Where the file system allows, the data is written with {@code O_DIRECT} ({@link DirectWriteStream}): from
 * bkv's buffer to the disk while the next segments are encrypted, without the page cache, so the final sync has only
 * the file's metadata and the disk's cache left to make durable. Elsewhere it goes through the page cache, and every
 * {@link #SYNC_EVERY} bytes a background thread asks the kernel to write out what has arrived so far
 * ({@code fdatasync}), at most one such sync at a time and never blocking the writer. A background sync's failure is
 * not lost: the next write or the commit throws it.
 */
final class OutputFile implements Closeable {

    private final Path target;
    private final boolean replace;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream stream;
    /** The stream when it writes with O_DIRECT, else null. */
    private final DirectWriteStream direct;
    private CompletableFuture<Void> sync = CompletableFuture.completedFuture(null);
    private long unsynced;
    private boolean committed;

    /** Bytes written between background syncs. */
    static final long SYNC_EVERY = 64L << 20;

    private OutputFile(Path target, boolean replace, Path temporary, boolean allowDirect) throws IOException {
        this.target = target;
        this.replace = replace;
        this.temporary = temporary;
        this.direct = allowDirect ? DirectWriteStream.open(temporary).orElse(null) : null;
        if (direct != null) {
            this.channel = direct.channel();
            this.stream = direct;
        } else {
            // A channel, not FileOutputStream: its writes reuse one direct buffer instead of a
            // malloc per 1 MiB write.
            this.channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
            this.stream = new SyncingStream(Channels.newOutputStream(channel));
        }
    }

    /** Starts a background sync after every {@link #SYNC_EVERY} bytes unless one is still running. */
    private final class SyncingStream extends FilterOutputStream {
        SyncingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            unsynced += len;
            if (unsynced >= SYNC_EVERY && sync.isDone()) {
                awaitSync(); // throws a failure of the previous one
                unsynced = 0;
                sync = CompletableFuture.runAsync(OutputFile.this::forceData, OutputFile::syncThread);
            }
        }
    }

    /** A thread of its own per sync (a few per GiB): the common pool may be one thread busy elsewhere. */
    private static void syncThread(Runnable task) {
        Thread t = new Thread(task, "bkv-output-sync");
        t.setDaemon(true);
        t.start();
    }

    private void forceData() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitSync() throws IOException {
        try {
            sync.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the output was being synced");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException("syncing the output failed", e.getCause());
        }
    }

    /** Refuses at once, before any work, when the target exists and {@code replace} is false. */
    static OutputFile create(Path target, boolean replace) throws IOException {
        return create(target, replace, true);
    }

    /** {@link #create(Path, boolean)}; {@code allowDirect} false forces the page cache path (for tests). */
    static OutputFile create(Path target, boolean replace, boolean allowDirect) throws IOException {
        if (Files.isDirectory(target)) {
            throw new CliFailure(ExitCodes.USAGE, "output " + target + " is a directory");
        }
        if (!replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw alreadyExists(target);
        }
        Path directory = target.toAbsolutePath().getParent();
        // Files.createTempFile makes the file rw------- on POSIX file systems.
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".partial");
        try {
            return new OutputFile(target, replace, temporary, allowDirect);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    OutputStream stream() {
        return stream;
    }

    /** Whether the data goes to the disk with O_DIRECT. */
    boolean writesDirect() {
        return direct != null;
    }

    /** Makes the data durable and moves it into place. */
    void commit() throws IOException {
        stream.flush();
        if (direct != null) {
            direct.finish();
        }
        awaitSync();
        channel.force(true);
        stream.close();
        if (replace) {
            moveReplacing();
        } else {
            publishWithoutClobbering();
        }
        committed = true;
        syncDirectory();
    }

    private void moveReplacing() throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void publishWithoutClobbering() throws IOException {
        boolean linked;
        try {
            Files.createLink(target, temporary);
            linked = true;
        } catch (FileAlreadyExistsException e) {
            throw alreadyExists(target);
        } catch (UnsupportedOperationException | IOException noHardLinksHere) {
            linked = false;
        }
        if (linked) {
            Files.delete(temporary);
            return;
        }
        try {
            Files.move(temporary, target);
        } catch (FileAlreadyExistsException e) {
            throw alreadyExists(target);
        }
    }

    private void syncDirectory() {
        Path directory = target.toAbsolutePath().getParent();
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupportedHere) {
            // Best effort: not every platform can sync a directory.
        }
    }

    /** Deletes the temporary file unless committed. */
    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        try {
            sync.handle((ignored, failure) -> null).join(); // its failure does not matter: the file goes
            stream.close();
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static CliFailure alreadyExists(Path target) {
        return new CliFailure(ExitCodes.OUTPUT_EXISTS, "output " + target
                + " already exists; use --force to replace it");
    }
}
