package org.bkv.client.sdk;

import org.bkv.client.key.BackupId;
import org.bkv.client.key.BackupKey;
import org.bkv.client.key.StorageAuthToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backup uploads and downloads (DESIGN §4.3): resumable in both directions, streamed (never whole in
 * memory), and checked end to end with SHA-256.
 */
final class BackupTransfers {

    private static final int BUFFER = 256 * 1024;
    private static final int MAX_OFFSET_CORRECTIONS = 3;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes ([0-9]{1,18})-([0-9]{1,18})/([0-9]{1,18})");
    private static final Pattern ETAG = Pattern.compile("\"([0-9a-f]{64})\"");
    private static final Pattern REPR_DIGEST = Pattern.compile("(?:^|,)\\s*sha-256=:([A-Za-z0-9+/]{43}=):");

    private final ApiTransport api;
    private final int transferAttempts;

    BackupTransfers(ApiTransport api, int transferAttempts) {
        this.api = api;
        this.transferAttempts = transferAttempts;
    }

    /** Where a transfer is addressed: the slot and its bearer token. */
    private record Slot(BackupId id, String bearer) {
        static Slot of(BackupKey key) {
            StorageAuthToken token = StorageAuthToken.derive(key);
            try {
                return new Slot(BackupId.derive(key), token.bearerValue());
            } finally {
                token.destroy();
            }
        }

        String path() {
            return "api/v1/backups/" + id.value();
        }

        @Override
        public String toString() {
            return "Slot[" + id + "]";
        }
    }

    // --- upload -------------------------------------------------------------------------------

    StoredBackup upload(BackupKey key, Path file, TransferProgress progress) throws BkvException, IOException {
        Slot slot = Slot.of(key);
        long length = Files.size(file);
        long maxBytes = createSlot(slot);
        if (length > maxBytes) {
            throw ServerProblemException.of(new Problem(413, "payload-too-large", null, "the backup is " + length
                    + " bytes; the appliance accepts at most " + maxBytes, null, null, null));
        }
        byte[] digest = sha256(file);
        String hex = HexFormat.of().formatHex(digest);
        long offset = stagedOffset(slot, length, hex).orElse(0);
        int brokenConnections = 0;
        int corrections = 0;
        while (true) {
            try {
                return put(slot, file, length, digest, offset, progress);
            } catch (ServerProblemException e) {
                if (!(e.status() == 409 && e.hasCode("upload-offset-mismatch")) || ++corrections > MAX_OFFSET_CORRECTIONS) {
                    throw e;
                }
                long serverOffset = e.uploadOffset().orElseThrow(() -> new InvalidServerResponseException(
                        "the appliance reported an upload offset mismatch without its offset"));
                if (serverOffset > length) {
                    throw new InvalidServerResponseException("the appliance's upload offset is beyond the file's end");
                }
                offset = serverOffset;
            } catch (ServerUnreachableException e) {
                if (e instanceof ServerCertificateException || ++brokenConnections >= transferAttempts) {
                    throw e;
                }
                offset = stagedOffset(slot, length, hex).orElse(0);
            }
        }
    }

    /** Creates the slot (or finds it, with the same token); returns the appliance's size limit. */
    private long createSlot(Slot slot) throws BkvException {
        Map<String, Object> created = api.json("POST", "api/v1/backups", Map.of("backupId", slot.id().value()),
                api.storage(slot.bearer()), true, 201, 200).members();
        return BkvClient.integer(created, "maxBytes", 0, Long.MAX_VALUE);
    }

    /** Where the appliance's staged copy of this very upload (same length and digest) ends, if it has one. */
    private OptionalLong stagedOffset(Slot slot, long length, String hex) throws BkvException {
        HttpRequest request = authorised(api.request(slot.path() + "/upload"), slot)
                .header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> response = api.send(request, true);
        if (response.statusCode() == 404) {
            ServerProblemException problem = api.problem(response);
            if (problem.hasCode("no-upload")) {
                return OptionalLong.empty();
            }
            throw problem;
        }
        if (response.statusCode() != 200) {
            throw api.problem(response);
        }
        Map<String, Object> staged = api.readJsonObject(response);
        long uploadLength = BkvClient.integer(staged, "uploadLength", 0, Long.MAX_VALUE);
        long uploadOffset = BkvClient.integer(staged, "uploadOffset", 0, Long.MAX_VALUE);
        String sha256 = BkvClient.member(staged, "sha256");
        if (uploadLength != length || !hex.equals(sha256.toLowerCase(Locale.ROOT)) || uploadOffset > length) {
            return OptionalLong.empty(); // another upload's leftovers: start over, the appliance replaces them
        }
        return OptionalLong.of(uploadOffset);
    }

    private StoredBackup put(Slot slot, Path file, long length, byte[] digest, long offset, TransferProgress progress)
            throws BkvException, IOException {
        progress.update(offset, length);
        HttpRequest.BodyPublisher body = offset == length ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> open(file, offset, length, progress)), length - offset);
        HttpRequest request = authorised(api.transferRequest(slot.path()), slot)
                .header("Content-Type", "application/octet-stream")
                .header("Accept", "application/json")
                .header("Upload-Length", Long.toString(length))
                .header("Upload-Offset", Long.toString(offset))
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(digest) + ":")
                .PUT(body).build();
        HttpResponse<InputStream> response = api.send(request, true);
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw api.problem(response);
        }
        Map<String, Object> stored = api.readJsonObject(response);
        long storedLength = BkvClient.integer(stored, "length", 0, Long.MAX_VALUE);
        String storedSha = BkvClient.member(stored, "sha256");
        String hex = HexFormat.of().formatHex(digest);
        if (storedLength != length || !hex.equals(storedSha)) {
            throw new InvalidServerResponseException("the appliance reports a stored backup that is not the one sent"
                    + " (length or SHA-256 differ)");
        }
        progress.update(length, length);
        return new StoredBackup(slot.id(), length, hex);
    }

    /** The file from {@code offset}, reporting progress; opened per (re)subscription of the body. */
    private static InputStream open(Path file, long offset, long length, TransferProgress progress) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(offset);
            return new java.io.FilterInputStream(Channels.newInputStream(channel)) {
                private long position = offset;

                @Override
                public int read(byte[] buffer, int off, int len) throws IOException {
                    int n = in.read(buffer, off, (int) Math.min(len, Math.max(0, length - position)));
                    if (n > 0) {
                        position += n;
                        progress.update(position, length);
                    }
                    return n == 0 && position >= length ? -1 : n;
                }

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- download -----------------------------------------------------------------------------

    StoredBackup download(BackupKey key, Path target, TransferProgress progress) throws BkvException, IOException {
        Slot slot = Slot.of(key);
        boolean restarted = false;
        int brokenConnections = 0;
        while (true) {
            long have = Files.exists(target) ? Files.size(target) : 0;
            try {
                return downloadFrom(slot, target, have, progress);
            } catch (PrefixMismatch e) {
                if (restarted || have == 0) {
                    throw new InvalidServerResponseException("the downloaded backup does not match the SHA-256 the"
                            + " appliance announced");
                }
                restarted = true;
                truncate(target);
            } catch (ServerUnreachableException e) {
                if (e instanceof ServerCertificateException || ++brokenConnections >= transferAttempts) {
                    throw e;
                }
            }
        }
    }

    /** The bytes kept from an earlier attempt do not belong to the backup now stored. */
    private static final class PrefixMismatch extends Exception {
        private static final long serialVersionUID = 1L;

        PrefixMismatch() {
            super("downloaded bytes do not match the announced SHA-256", null, false, false);
        }
    }

    private StoredBackup downloadFrom(Slot slot, Path target, long have, TransferProgress progress)
            throws BkvException, IOException, PrefixMismatch {
        // The request timeout bounds the wait for the response headers, not the streaming of the body.
        HttpRequest.Builder request = authorised(api.request(slot.path()), slot)
                .header("Accept", "application/octet-stream, application/problem+json").GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = api.send(request.build(), true);
        int status = response.statusCode();
        if (status == 416 && have > 0) {
            api.discard(response);
            throw new PrefixMismatch(); // longer than the stored backup: not a prefix of it
        }
        if (status != 200 && status != 206) {
            throw api.problem(response);
        }
        byte[] expected = announcedDigest(response);
        long start;
        long total;
        if (status == 206) {
            Matcher range = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
            if (!range.matches() || Long.parseLong(range.group(1)) != have
                    || Long.parseLong(range.group(3)) - 1 != Long.parseLong(range.group(2))) {
                api.discard(response);
                throw new InvalidServerResponseException("the appliance answered a resumed download with a range"
                        + " other than the one asked for");
            }
            start = have;
            total = Long.parseLong(range.group(3));
        } else {
            start = 0;
            total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        }
        MessageDigest sha256 = sha256();
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
             InputStream body = response.body()) {
            if (start == 0) {
                out.truncate(0);
            } else {
                digestPrefix(out, start, sha256);
            }
            out.position(start);
            long done = start;
            progress.update(done, total);
            byte[] buffer = new byte[BUFFER];
            int n;
            while (true) {
                try {
                    n = body.read(buffer);
                } catch (IOException broken) {
                    out.force(false);
                    throw api.unreachable(broken);
                }
                if (n < 0) {
                    break;
                }
                sha256.update(buffer, 0, n);
                out.write(ByteBuffer.wrap(buffer, 0, n));
                done += n;
                if (total >= 0 && done > total) {
                    throw new InvalidServerResponseException("the appliance sent more bytes than it announced");
                }
                progress.update(done, total);
            }
            if (total >= 0 && done != total) {
                out.force(false);
                throw api.unreachable(new IOException("the download ended after " + done + " of " + total + " bytes"));
            }
            if (!MessageDigest.isEqual(expected, sha256.digest())) {
                throw new PrefixMismatch();
            }
            out.force(true);
            return new StoredBackup(slot.id(), done, HexFormat.of().formatHex(expected));
        }
    }

    /** The SHA-256 the appliance announces in ETag and/or Repr-Digest; both, when present, must agree. */
    private byte[] announcedDigest(HttpResponse<?> response) throws InvalidServerResponseException {
        byte[] fromEtag = null;
        byte[] fromRepr = null;
        Optional<String> etag = response.headers().firstValue("ETag");
        if (etag.isPresent()) {
            Matcher m = ETAG.matcher(etag.get().strip());
            if (m.matches()) {
                fromEtag = HexFormat.of().parseHex(m.group(1));
            }
        }
        Optional<String> repr = response.headers().firstValue("Repr-Digest");
        if (repr.isPresent()) {
            Matcher m = REPR_DIGEST.matcher(repr.get());
            if (m.find()) {
                fromRepr = Base64.getDecoder().decode(m.group(1));
            }
        }
        if (fromEtag == null && fromRepr == null) {
            throw new InvalidServerResponseException("the appliance sent the backup without its SHA-256"
                    + " (no usable ETag or Repr-Digest)");
        }
        if (fromEtag != null && fromRepr != null && !MessageDigest.isEqual(fromEtag, fromRepr)) {
            throw new InvalidServerResponseException("the appliance's ETag and Repr-Digest disagree");
        }
        return fromEtag != null ? fromEtag : fromRepr;
    }

    /** {@code request} with the slot's storage token (and the identity token, when the client has one). */
    private HttpRequest.Builder authorised(HttpRequest.Builder request, Slot slot) {
        api.storage(slot.bearer()).apply(request);
        return request;
    }

    // --- info and delete ----------------------------------------------------------------------

    Optional<StoredBackup> info(BackupKey key) throws BkvException {
        Slot slot = Slot.of(key);
        HttpRequest request = authorised(api.request(slot.path()), slot)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<InputStream> response = api.send(request, true);
        if (response.statusCode() == 404) {
            api.discard(response);
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw api.problem(response);
        }
        api.discard(response);
        byte[] digest = announcedDigest(response);
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        return Optional.of(new StoredBackup(slot.id(), length, HexFormat.of().formatHex(digest)));
    }

    void delete(BackupKey key) throws BkvException {
        Slot slot = Slot.of(key);
        HttpRequest request = authorised(api.request(slot.path()), slot)
                .DELETE().build();
        api.discard(api.exchange(request, true, 204, 200));
    }

    // --- files --------------------------------------------------------------------------------

    private static byte[] sha256(Path file) throws IOException {
        MessageDigest sha256 = sha256();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            digestPrefix(in, in.size(), sha256);
        }
        return sha256.digest();
    }

    private static void digestPrefix(FileChannel channel, long length, MessageDigest sha256) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        long position = 0;
        while (position < length) {
            buffer.clear().limit((int) Math.min(BUFFER, length - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("the file shrank while being read");
            }
            sha256.update(buffer.array(), 0, n);
            position += n;
        }
    }

    private static void truncate(Path target) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
            out.truncate(0);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
