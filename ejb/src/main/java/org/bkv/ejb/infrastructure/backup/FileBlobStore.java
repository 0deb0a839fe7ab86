package org.bkv.ejb.infrastructure.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bkv.ejb.domain.backup.BackupId;

/**
 * Backup ciphertext as files: {@code <root>/<backupId>/<generation>.blob} for stored copies and
 * {@code upload-<length>-<sha256>.part} for the one upload in progress. An upload is appended to its part file as it
 * arrives (never held in memory), survives a broken connection so the client can resume it, and becomes a copy only
 * by an atomic rename after its length and SHA-256 were checked: a reader sees the old copy or the new one, whole.
 *
 * <p>One writer per slot on this node ({@link #lock}); across nodes the slot row's generation decides.
 */
public final class FileBlobStore {
    private static final Pattern PART = Pattern.compile("upload-(\\d{1,19})-([0-9a-f]{64})\\.part");
    private static final Pattern BLOB = Pattern.compile("(\\d{1,19})\\.blob");
    private static final int CHUNK = 256 * 1024;

    private final Path root;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public FileBlobStore(Path root) {
        this.root = root;
    }

    /** What an upload promises to deliver: its total length and the SHA-256 (hex) of all of it. */
    public record UploadKey(long length, String sha256) {
        public UploadKey {
            if (length < 0 || !sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("bad upload key");
            }
        }
    }

    /** An upload in progress and how many of its bytes are stored. */
    public record Pending(UploadKey key, long offset) {
    }

    /** The upload's part file ends elsewhere than where the client wants to continue. */
    public static final class OffsetMismatch extends Exception {
        private static final long serialVersionUID = 1L;
        private final long actual;

        OffsetMismatch(long actual) {
            super("upload offset mismatch", null, false, false);
            this.actual = actual;
        }

        public long actual() {
            return actual;
        }
    }

    /** Result of feeding an upload: how far it got, and (when complete) whether its digest matched. */
    public record Progress(long offset, boolean complete, boolean digestMatches, boolean overran) {
    }

    /** Exclusive use of a slot's files on this node, or empty when another request holds it. */
    public Optional<AutoCloseable> lock(BackupId id) {
        ReentrantLock lock = locks.computeIfAbsent(id.value(), k -> new ReentrantLock());
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        return Optional.of(lock::unlock);
    }

    /** The upload in progress for this slot, if any. */
    public Optional<Pending> pending(BackupId id) {
        Path dir = dir(id);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "upload-*.part")) {
            for (Path file : files) {
                Matcher m = PART.matcher(file.getFileName().toString());
                if (m.matches()) {
                    return Optional.of(new Pending(new UploadKey(Long.parseLong(m.group(1)), m.group(2)), Files.size(file)));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the backup store", e);
        }
    }

    /**
     * Appends {@code body} to the upload {@code key} at {@code offset}. Offset 0 starts the upload afresh (dropping
     * any other upload of this slot); a larger offset must equal the stored length. Reads at most up to the promised
     * length plus one byte: more is an overrun, and the part file is then discarded. Call under {@link #lock}.
     */
    public Progress append(BackupId id, UploadKey key, long offset, InputStream body) throws OffsetMismatch, IOException {
        Path dir = Files.createDirectories(dir(id));
        Path part = part(id, key);
        if (offset == 0) {
            discardUploads(id);
        } else {
            long stored = Files.exists(part) ? Files.size(part) : 0;
            if (stored != offset) {
                throw new OffsetMismatch(stored);
            }
        }
        MessageDigest sha = sha256();
        long written = offset;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (offset > 0) {
                digestPrefix(out, offset, sha);
            }
            out.position(offset);
            out.truncate(offset);
            byte[] buffer = new byte[CHUNK];
            int n;
            try {
                while ((n = body.read(buffer)) > 0) {
                    if (written + n > key.length()) {
                        out.close();
                        Files.deleteIfExists(part);
                        return new Progress(written, false, false, true);
                    }
                    out.write(ByteBuffer.wrap(buffer, 0, n));
                    sha.update(buffer, 0, n);
                    written += n;
                }
            } finally {
                if (out.isOpen()) {
                    out.force(false);
                }
            }
        }
        fsync(dir);
        if (written < key.length()) {
            return new Progress(written, false, false, false);
        }
        boolean matches = MessageDigest.isEqual(sha.digest(), HexFormat.of().parseHex(key.sha256()));
        if (!matches) {
            Files.deleteIfExists(part);
        }
        return new Progress(written, true, matches, false);
    }

    /** Turns the complete, verified upload into stored copy {@code generation} by an atomic rename. */
    public void promote(BackupId id, UploadKey key, long generation) throws IOException {
        Path target = blob(id, generation);
        if (Files.exists(target)) {
            throw new IOException("stored copy " + generation + " exists already; another writer is ahead");
        }
        try {
            Files.move(part(id, key), target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the backup directory does not support atomic renames", e);
        }
        fsync(dir(id));
    }

    /** Opens stored copy {@code generation} for reading; the open channel stays valid if the copy is replaced. */
    public FileChannel open(BackupId id, long generation) throws IOException {
        return FileChannel.open(blob(id, generation), StandardOpenOption.READ);
    }

    public boolean exists(BackupId id, long generation) {
        return Files.isRegularFile(blob(id, generation));
    }

    /** Deletes stored copies older than {@code keepFrom} (the previous copy goes only after the new one is stored). */
    public void deleteCopiesBefore(BackupId id, long keepFrom) throws IOException {
        Path dir = dir(id);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.blob")) {
            for (Path file : files) {
                Matcher m = BLOB.matcher(file.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) < keepFrom) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Removes one stored copy (a promoted copy whose slot update lost to another node). */
    public void deleteCopy(BackupId id, long generation) throws IOException {
        Files.deleteIfExists(blob(id, generation));
    }

    /** Removes everything of the slot. */
    public void deleteSlot(BackupId id) throws IOException {
        Path dir = dir(id);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
        try {
            Files.deleteIfExists(dir);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            throw new IOException("the backup slot directory was written to while it was being deleted", e);
        }
    }

    public void discardUploads(BackupId id) throws IOException {
        Path dir = dir(id);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "upload-*.part")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void digestPrefix(FileChannel in, long length, MessageDigest sha) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long position = 0;
        while (position < length) {
            buffer.clear();
            buffer.limit((int) Math.min(CHUNK, length - position));
            int n = in.read(buffer, position);
            if (n < 0) {
                throw new IOException("the upload's part file is shorter than its size");
            }
            buffer.flip();
            sha.update(buffer);
            position += n;
        }
    }

    private static void fsync(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Directory fsync is not supported everywhere; the file data itself was forced.
            java.util.logging.Logger.getLogger(FileBlobStore.class.getName()).log(java.util.logging.Level.FINE,
                    "directory fsync not supported: {0}", e.getClass().getSimpleName());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private Path dir(BackupId id) {
        return root.resolve(id.value());
    }

    private Path part(BackupId id, UploadKey key) {
        return dir(id).resolve("upload-" + key.length() + "-" + key.sha256() + ".part");
    }

    private Path blob(BackupId id, long generation) {
        return dir(id).resolve(generation + ".blob");
    }

    /** For logs: where this store keeps its files. */
    public Path root() {
        return root;
    }
}
