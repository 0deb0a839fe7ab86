package org.bkv.client.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.bkv.opaque.AuthenticationException;
import org.bkv.opaque.Base64Url;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.KE1;
import org.bkv.opaque.KE3;
import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.ProtocolOptions;
import org.bkv.opaque.RegistrationRecord;
import org.bkv.opaque.RegistrationRequest;
import org.bkv.opaque.ServerLogin;
import org.bkv.opaque.ServerRegistration;
import org.bkv.opaque.Suite;
import org.bkv.opaque.server.SoftwareOprfKey;
import org.bkv.opaque.server.SoftwareServerStaticKey;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TEST FAKE of the appliance's client API (vault and blob store), in process, over real HTTPS with a
 * throwaway certificate ({@link TestTls}). It implements the issue-6 contract with the real OPAQUE server
 * classes ({@link ServerRegistration}, {@link ServerLogin}) and software keys, keeps everything in memory,
 * and can be told to misbehave ({@link #inject}): refuse with a status, answer garbage, cut a transfer.
 * It is not the appliance: no HSM, no persistence, no audit; it exists so the SDK and CLI run for real.
 */
public final class FakeAppliance implements AutoCloseable {

    /** A one-shot misbehaviour, matched by method and path prefix (e.g. "POST", "/api/v1/vault/logins"). */
    public sealed interface Fault permits Refuse, Raw, Drop, CutUploadAfter, CutDownloadAfter {
    }

    /** Answer with a problem: status, code, optional Retry-After seconds. */
    public record Refuse(int status, String code, Integer retryAfterSeconds) implements Fault {
    }

    /** Answer with exactly this status, content type and body. */
    public record Raw(int status, String contentType, String body) implements Fault {
    }

    /** Read the request, then drop the connection without answering. */
    public record Drop() implements Fault {
    }

    /** Stage the first {@code bytes} of an upload's body, then drop the connection without answering. */
    public record CutUploadAfter(long bytes) implements Fault {
    }

    /** Announce the whole backup, send {@code bytes} of it, then drop the connection. */
    public record CutDownloadAfter(long bytes) implements Fault {
    }

    private record Injected(String method, String pathPrefix, Fault fault) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RANGE = Pattern.compile("bytes=([0-9]+)-");
    private static final String API = "/api/v1/";

    private final SecureRandom random = new SecureRandom();
    private final Map<Suite, SoftwareServerStaticKey> serverKeys = new EnumMap<>(Suite.class);
    private final Map<String, VaultRecord> records = new ConcurrentHashMap<>();
    private final Map<String, PendingRegistration> registrations = new ConcurrentHashMap<>();
    private final Map<String, PendingLogin> logins = new ConcurrentHashMap<>();
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Deque<Injected> faults = new ArrayDeque<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final HttpsServer server;
    private final ExecutorService executor;
    private volatile int maxAttempts = 3;
    private volatile long maxBackupBytes = 64L << 20;
    private volatile String identityToken;

    private static final class VaultRecord {
        final Suite suite;
        final SoftwareOprfKey oprfKey;
        RegistrationRecord record;
        byte[] sealedBackupKey;
        int attempts;
        boolean locked;

        VaultRecord(Suite suite, SoftwareOprfKey oprfKey) {
            this.suite = suite;
            this.oprfKey = oprfKey;
        }
    }

    private record PendingRegistration(String identifier, Suite suite, SoftwareOprfKey oprfKey) {
    }

    private record PendingLogin(String identifier, ServerLogin state, boolean fake) {
    }

    private static final class Slot {
        final byte[] tokenHash;
        byte[] stored;
        byte[] storedDigest;
        long stagedLength;
        String stagedSha256;
        ByteArrayOutputStream staged;

        Slot(byte[] tokenHash) {
            this.tokenHash = tokenHash;
        }
    }

    /** Thrown inside a handler to answer with a problem. */
    private static final class ProblemAnswer extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;
        final transient Map<String, Object> extra;

        ProblemAnswer(int status, String code, String detail, Map<String, Object> extra) {
            super(detail, null, false, false);
            this.status = status;
            this.code = code;
            this.extra = extra;
        }

        ProblemAnswer(int status, String code, String detail) {
            this(status, code, detail, Map.of());
        }
    }

    public FakeAppliance() throws IOException {
        for (Suite suite : Suite.values()) {
            serverKeys.put(suite, SoftwareServerStaticKey.generate(suite, random));
        }
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(TestTls.get().serverContext()));
        executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "fake-appliance");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code https://localhost:<port>/}: matches the certificate's name (CA mode). */
    public URI uri() {
        return URI.create("https://localhost:" + server.getAddress().getPort() + "/");
    }

    /** {@code https://127.0.0.1:<port>/}: an IP address the certificate does not name (pinned mode only). */
    public URI ipUri() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public void maxAttempts(int attempts) {
        this.maxAttempts = attempts;
    }

    public void maxBackupBytes(long bytes) {
        this.maxBackupBytes = bytes;
    }

    /** Queues a fault for the next request whose method and path start match. */
    /**
     * Client authentication JWT, as the appliance does it: every vault call must carry exactly this identity token as
     * its bearer (which then also authorises replace and delete), and every backup call must carry it too, with the
     * storage token in {@code BKV-Storage-Token}. (The fake compares the token; the appliance verifies a signature.)
     */
    public void requireIdentityToken(String token) {
        this.identityToken = token;
    }

    public void inject(String method, String pathPrefix, Fault fault) {
        synchronized (faults) {
            faults.add(new Injected(method, pathPrefix, fault));
        }
    }

    /** "METHOD /path" of every request so far, with Upload-Offset or Range when sent. */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public long count(String methodAndPathPrefix) {
        return requests().stream().filter(r -> r.startsWith(methodAndPathPrefix)).count();
    }

    public boolean hasRecord(String identifier) {
        return records.containsKey(identifier);
    }

    /** The stored backup of a slot, or null. */
    public byte[] storedBackup(String backupId) {
        Slot slot = slots.get(backupId);
        return slot == null || slot.stored == null ? null : slot.stored.clone();
    }

    /** Flips a bit of a slot's stored copy behind the SDK's back; the announced digest stays the original's. */
    public void corruptStoredBackup(String backupId, int index) {
        slots.get(backupId).stored[index] ^= 1;
    }

    /** How far the staged upload of a slot has got, or -1. */
    public long stagedBytes(String backupId) {
        Slot slot = slots.get(backupId);
        return slot == null || slot.staged == null ? -1 : slot.staged.size();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // --- dispatch -----------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String logged = method + " " + path;
        String offset = exchange.getRequestHeaders().getFirst("Upload-Offset");
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(logged + (offset != null ? " Upload-Offset: " + offset : "") + (range != null ? " Range: " + range : ""));
        try {
            Fault fault = takeFault(method, path);
            if (fault instanceof Refuse refuse) {
                drain(exchange);
                if (refuse.retryAfterSeconds() != null) {
                    exchange.getResponseHeaders().set("Retry-After", refuse.retryAfterSeconds().toString());
                }
                throw new ProblemAnswer(refuse.status(), refuse.code(), "injected by the test");
            }
            if (fault instanceof Drop) {
                drain(exchange);
                return; // close() without an answer drops the connection
            }
            if (fault instanceof Raw raw) {
                drain(exchange);
                send(exchange, raw.status(), raw.contentType(), raw.body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            route(exchange, method, path, fault);
        } catch (ProblemAnswer problem) {
            ObjectNode body = JSON.createObjectNode();
            body.put("type", "https://bkv.example/problems/" + problem.code);
            body.put("title", problem.code);
            body.put("status", problem.status);
            body.put("detail", problem.getMessage());
            body.put("code", problem.code);
            problem.extra.forEach((name, value) -> body.set(name, JSON.valueToTree(value)));
            send(exchange, problem.status, "application/problem+json", JSON.writeValueAsBytes(body));
        } catch (RuntimeException | OpaqueException e) {
            send(exchange, 500, "text/plain", ("fake appliance bug: " + e).getBytes(StandardCharsets.UTF_8));
        } finally {
            exchange.close();
        }
    }

    private Fault takeFault(String method, String path) {
        synchronized (faults) {
            for (var it = faults.iterator(); it.hasNext(); ) {
                Injected injected = it.next();
                if (injected.method.equals(method) && path.startsWith(injected.pathPrefix)) {
                    it.remove();
                    return injected.fault;
                }
            }
            return null;
        }
    }

    private void route(HttpExchange exchange, String method, String path, Fault fault)
            throws IOException, ProblemAnswer, OpaqueException {
        if (!path.startsWith(API)) {
            throw new ProblemAnswer(404, "not-found", "no such resource");
        }
        String[] parts = path.substring(API.length()).split("/", -1);
        String route = method + " " + String.join("/", parts[0], parts.length > 1 ? parts[1] : "");
        String required = identityToken;
        if (required != null && !("Bearer " + required).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            drain(exchange);
            throw new ProblemAnswer(401, "client-not-authenticated", "an identity token is required");
        }
        switch (parts[0] + "/" + (parts.length > 1 ? parts[1] : "")) {
            case "vault/registrations" -> {
                if (parts.length == 2 && method.equals("POST")) {
                    registrationStart(exchange);
                } else if (parts.length == 3 && method.equals("PUT")) {
                    registrationFinish(exchange, parts[2]);
                } else {
                    throw new ProblemAnswer(405, "not-found", route);
                }
            }
            case "vault/logins" -> {
                if (parts.length == 2 && method.equals("POST")) {
                    loginStart(exchange);
                } else if (parts.length == 4 && parts[3].equals("finish") && method.equals("POST")) {
                    loginFinish(exchange, parts[2]);
                } else {
                    throw new ProblemAnswer(405, "not-found", route);
                }
            }
            case "vault/records" -> {
                if (parts.length == 3 && method.equals("DELETE")) {
                    deleteRecord(exchange, URLDecoder.decode(parts[2].replace("+", "%2B"), StandardCharsets.UTF_8));
                } else {
                    throw new ProblemAnswer(405, "not-found", route);
                }
            }
            default -> {
                if (!parts[0].equals("backups")) {
                    throw new ProblemAnswer(404, "not-found", "no such resource");
                }
                backups(exchange, method, parts, fault);
            }
        }
    }

    // --- vault --------------------------------------------------------------------------------

    private void registrationStart(HttpExchange exchange) throws IOException, ProblemAnswer, OpaqueException {
        JsonNode body = readJson(exchange);
        String identifier = text(body, "identifier");
        Suite suite = suite(body);
        RegistrationRequest request = decode(() -> RegistrationRequest.deserialize(suite, bytes(body, "registrationRequest")));
        SoftwareOprfKey oprfKey = SoftwareOprfKey.generate(suite, random);
        var response = ServerRegistration.start(request, oprfKey, serverKeys.get(suite));
        String id = randomId();
        registrations.put(id, new PendingRegistration(identifier, suite, oprfKey));
        sendJson(exchange, 200, Map.of("registrationId", id, "registrationResponse", Base64Url.encode(response.serialize())));
    }

    private void registrationFinish(HttpExchange exchange, String id) throws IOException, ProblemAnswer {
        JsonNode body = readJson(exchange);
        PendingRegistration pending = registrations.get(id);
        if (pending == null) {
            throw new ProblemAnswer(404, "unknown-registration", "no such pending registration");
        }
        RegistrationRecord record = decode(() -> RegistrationRecord.deserialize(pending.suite(), bytes(body, "registrationRecord")));
        byte[] sealed = bytes(body, "sealedBackupKey");
        if (sealed.length == 0 || sealed.length > 1024) {
            throw new ProblemAnswer(400, "invalid-request", "sealedBackupKey must be 1..1024 bytes");
        }
        synchronized (records) {
            VaultRecord existing = records.get(pending.identifier());
            String token = bearer(exchange);
            if (existing != null && identityToken == null && (token == null || !pending.identifier().equals(sessions.get(token)))) {
                throw new ProblemAnswer(409, "replace-not-authorised", "a record exists for this identifier");
            }
            registrations.remove(id);
            VaultRecord fresh = new VaultRecord(pending.suite(), pending.oprfKey());
            fresh.record = record;
            fresh.sealedBackupKey = sealed;
            records.put(pending.identifier(), fresh);
        }
        sendJson(exchange, 201, Map.of("identifier", pending.identifier(), "state", "ACTIVE"));
    }

    private void loginStart(HttpExchange exchange) throws IOException, ProblemAnswer, OpaqueException {
        JsonNode body = readJson(exchange);
        String identifier = text(body, "identifier");
        Suite suite = suite(body);
        KE1 ke1 = decode(() -> KE1.deserialize(suite, bytes(body, "ke1")));
        VaultRecord record = records.get(identifier);
        ServerLogin.Start start;
        boolean fake;
        synchronized (records) {
            if (record != null && record.suite == suite) {
                if (record.locked || record.attempts >= maxAttempts) {
                    record.locked = true;
                    throw new ProblemAnswer(423, "record-locked", "this record is locked");
                }
                record.attempts++; // counted before KE2 leaves, as the appliance does
                start = ServerLogin.start(serverKeys.get(suite), record.oprfKey, record.record, ke1,
                        ProtocolOptions.DEFAULT, random);
                fake = false;
            } else {
                start = ServerLogin.start(serverKeys.get(suite), SoftwareOprfKey.generate(suite, random),
                        RegistrationRecord.randomFake(suite, random), ke1, ProtocolOptions.DEFAULT, random);
                fake = true;
            }
        }
        String id = randomId();
        logins.put(id, new PendingLogin(identifier, start.state(), fake));
        sendJson(exchange, 200, Map.of("loginId", id, "ke2", Base64Url.encode(start.message().serialize())));
    }

    private void loginFinish(HttpExchange exchange, String id) throws IOException, ProblemAnswer {
        JsonNode body = readJson(exchange);
        PendingLogin login = logins.remove(id);
        if (login == null) {
            throw new ProblemAnswer(404, "unknown-login", "no such login");
        }
        KE3 ke3 = decode(() -> KE3.deserialize(login.state().suite(), bytes(body, "ke3")));
        VaultRecord record = login.fake() ? null : records.get(login.identifier());
        try {
            login.state().finish(ke3);
        } catch (AuthenticationException e) {
            if (record == null) {
                throw new ProblemAnswer(401, "recovery-failed", "recovery failed");
            }
            synchronized (records) {
                if (record.attempts >= maxAttempts) {
                    record.locked = true;
                }
                throw new ProblemAnswer(401, "recovery-failed", "recovery failed",
                        Map.of("attemptsRemaining", maxAttempts - record.attempts));
            }
        } catch (OpaqueException e) {
            throw new ProblemAnswer(400, "invalid-request", "bad KE3");
        }
        if (record == null) {
            throw new ProblemAnswer(500, "fake-accepted", "a fake login succeeded: impossible");
        }
        synchronized (records) {
            record.attempts = 0;
        }
        String token = randomId() + randomId();
        sessions.put(token, login.identifier());
        sendJson(exchange, 200, Map.of("sealedBackupKey", Base64Url.encode(record.sealedBackupKey),
                "sessionToken", token, "expiresIn", 300));
    }

    private void deleteRecord(HttpExchange exchange, String identifier) throws IOException, ProblemAnswer {
        drain(exchange);
        String token = bearer(exchange);
        if (identityToken == null && (token == null || !identifier.equals(sessions.get(token)))) {
            throw new ProblemAnswer(401, "session-required", "a session token of this record is required");
        }
        records.remove(identifier);
        send(exchange, 204, null, new byte[0]);
    }

    // --- backups ------------------------------------------------------------------------------

    private void backups(HttpExchange exchange, String method, String[] parts, Fault fault)
            throws IOException, ProblemAnswer {
        if (parts.length == 1 && method.equals("POST")) {
            createSlot(exchange);
            return;
        }
        if (parts.length < 2) {
            throw new ProblemAnswer(404, "not-found", "no such resource");
        }
        Slot slot = authorisedSlot(exchange, parts[1]);
        if (parts.length == 3 && parts[2].equals("upload") && method.equals("GET")) {
            synchronized (slot) {
                if (slot.staged == null) {
                    throw new ProblemAnswer(404, "no-upload", "no staged upload");
                }
                sendJson(exchange, 200, Map.of("uploadOffset", slot.staged.size(), "uploadLength", slot.stagedLength,
                        "sha256", slot.stagedSha256));
            }
            return;
        }
        if (parts.length != 2) {
            throw new ProblemAnswer(404, "not-found", "no such resource");
        }
        switch (method) {
            case "PUT" -> put(exchange, parts[1], slot, fault);
            case "GET", "HEAD" -> get(exchange, slot, method.equals("HEAD"), fault);
            case "DELETE" -> {
                drain(exchange);
                synchronized (slot) {
                    slot.stored = null;
                }
                send(exchange, 204, null, new byte[0]);
            }
            default -> throw new ProblemAnswer(405, "not-found", "method not allowed");
        }
    }

    private void createSlot(HttpExchange exchange) throws IOException, ProblemAnswer {
        JsonNode body = readJson(exchange);
        String id = text(body, "backupId");
        String token = storageToken(exchange);
        if (token == null) {
            throw new ProblemAnswer(401, "backup-token-invalid", "a storage token is required");
        }
        Slot created = new Slot(sha256(token.getBytes(StandardCharsets.US_ASCII)));
        Slot existing = slots.putIfAbsent(id, created);
        if (existing != null && !MessageDigest.isEqual(existing.tokenHash, created.tokenHash)) {
            throw new ProblemAnswer(409, "backup-exists", "this backup id belongs to another token");
        }
        sendJson(exchange, existing == null ? 201 : 200, Map.of("backupId", id, "maxBytes", maxBackupBytes));
    }

    private Slot authorisedSlot(HttpExchange exchange, String id) throws IOException, ProblemAnswer {
        Slot slot = slots.get(id);
        String token = storageToken(exchange);
        if (slot == null) {
            drain(exchange);
            throw new ProblemAnswer(404, "not-found", "no such backup slot");
        }
        if (token == null || !MessageDigest.isEqual(slot.tokenHash, sha256(token.getBytes(StandardCharsets.US_ASCII)))) {
            drain(exchange);
            throw new ProblemAnswer(401, "backup-token-invalid", "wrong storage token");
        }
        return slot;
    }

    private void put(HttpExchange exchange, String id, Slot slot, Fault fault) throws IOException, ProblemAnswer {
        var headers = exchange.getRequestHeaders();
        String lengthHeader = headers.getFirst("Upload-Length");
        String digestHeader = headers.getFirst("Repr-Digest");
        if (lengthHeader == null || digestHeader == null || !digestHeader.matches("sha-256=:[A-Za-z0-9+/]{43}=:")) {
            throw new ProblemAnswer(400, "invalid-request", "Upload-Length and Repr-Digest are required");
        }
        long length = Long.parseLong(lengthHeader);
        long offset = headers.getFirst("Upload-Offset") == null ? 0 : Long.parseLong(headers.getFirst("Upload-Offset"));
        if (length > maxBackupBytes) {
            throw new ProblemAnswer(413, "payload-too-large", "larger than " + maxBackupBytes + " bytes");
        }
        String sha = HexFormat.of().formatHex(Base64.getDecoder().decode(digestHeader.substring(9, 53)));
        synchronized (slot) {
            boolean sameUpload = slot.staged != null && slot.stagedLength == length && sha.equals(slot.stagedSha256);
            long expected = sameUpload ? slot.staged.size() : 0;
            if (offset != expected) {
                drain(exchange);
                throw new ProblemAnswer(409, "upload-offset-mismatch", "upload offset mismatch",
                        Map.of("uploadOffset", expected));
            }
            if (!sameUpload) {
                slot.staged = new ByteArrayOutputStream();
                slot.stagedLength = length;
                slot.stagedSha256 = sha;
            }
            InputStream body = exchange.getRequestBody();
            if (fault instanceof CutUploadAfter cut) {
                slot.staged.write(body.readNBytes((int) cut.bytes()));
                return; // close() without an answer drops the connection mid-body
            }
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = body.read(buffer)) > 0) {
                slot.staged.write(buffer, 0, n);
                if (slot.staged.size() > length) {
                    slot.staged = null;
                    throw new ProblemAnswer(400, "length-mismatch", "more bytes than Upload-Length");
                }
            }
            byte[] complete = slot.staged.toByteArray();
            if (complete.length != length) {
                slot.staged = null;
                throw new ProblemAnswer(400, "length-mismatch", "fewer bytes than Upload-Length");
            }
            if (!HexFormat.of().formatHex(sha256(complete)).equals(sha)) {
                slot.staged = null;
                throw new ProblemAnswer(400, "digest-mismatch", "the object does not match Repr-Digest");
            }
            slot.staged = null;
            slot.stored = complete;
            slot.storedDigest = sha256(complete);
            sendJson(exchange, 201, Map.of("backupId", id, "length", length, "sha256", sha));
        }
    }

    private void get(HttpExchange exchange, Slot slot, boolean head, Fault fault) throws IOException, ProblemAnswer {
        drain(exchange);
        byte[] stored;
        byte[] digest;
        synchronized (slot) {
            stored = slot.stored;
            digest = slot.storedDigest;
        }
        if (stored == null) {
            throw new ProblemAnswer(404, "no-backup", "no backup stored in this slot");
        }
        // The announced digest is of what was uploaded; a corrupted copy keeps announcing the original.
        var headers = exchange.getResponseHeaders();
        headers.set("ETag", "\"" + HexFormat.of().formatHex(digest) + "\"");
        headers.set("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(digest) + ":");
        headers.set("Content-Type", "application/octet-stream");
        headers.set("Accept-Ranges", "bytes");
        int start = 0;
        String range = exchange.getRequestHeaders().getFirst("Range");
        if (range != null) {
            Matcher m = RANGE.matcher(range);
            if (!m.matches()) {
                throw new ProblemAnswer(400, "invalid-request", "unsupported Range");
            }
            long from = Long.parseLong(m.group(1));
            if (from >= stored.length) {
                headers.set("Content-Range", "bytes */" + stored.length);
                throw new ProblemAnswer(416, "range-not-satisfiable", "range not satisfiable");
            }
            start = (int) from;
            headers.set("Content-Range", "bytes " + start + "-" + (stored.length - 1) + "/" + stored.length);
        }
        int status = range != null ? 206 : 200;
        if (head) {
            headers.set("Content-Length", Integer.toString(stored.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, stored.length - start);
        OutputStream out = exchange.getResponseBody();
        if (fault instanceof CutDownloadAfter cut) {
            out.write(stored, start, (int) Math.min(cut.bytes(), stored.length - start));
            out.flush();
            return; // close() with bytes missing drops the connection
        }
        out.write(stored, start, stored.length - start);
    }

    // --- plumbing -----------------------------------------------------------------------------

    private interface Decoder<T> {
        T decode() throws InvalidEncodingException, ProblemAnswer;
    }

    private static <T> T decode(Decoder<T> decoder) throws ProblemAnswer {
        try {
            return decoder.decode();
        } catch (InvalidEncodingException | IllegalArgumentException e) {
            throw new ProblemAnswer(400, "invalid-request", "malformed protocol message");
        }
    }

    private static JsonNode readJson(HttpExchange exchange) throws IOException, ProblemAnswer {
        byte[] body = exchange.getRequestBody().readAllBytes();
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ProblemAnswer(400, "invalid-json", "expected a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ProblemAnswer(400, "invalid-json", "not JSON");
        }
    }

    private static String text(JsonNode body, String name) throws ProblemAnswer {
        JsonNode value = body.get(name);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new ProblemAnswer(400, "invalid-request", name + " is required");
        }
        return value.asText();
    }

    private static byte[] bytes(JsonNode body, String name) throws ProblemAnswer {
        try {
            return Base64Url.decode(text(body, name));
        } catch (InvalidEncodingException e) {
            throw new ProblemAnswer(400, "invalid-request", name + " is not base64url");
        }
    }

    private static Suite suite(JsonNode body) throws ProblemAnswer {
        try {
            return Suite.fromWireName(text(body, "suite"));
        } catch (InvalidEncodingException e) {
            throw new ProblemAnswer(400, "invalid-request", "unknown suite");
        }
    }

    /** The storage token: the bearer, or {@code BKV-Storage-Token} under client authentication JWT. */
    private String storageToken(HttpExchange exchange) {
        return identityToken != null ? exchange.getRequestHeaders().getFirst("BKV-Storage-Token") : bearer(exchange);
    }

    private static String bearer(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
    }

    private String randomId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return Base64Url.encode(id);
    }

    private static void drain(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
    }

    private static void sendJson(HttpExchange exchange, int status, Map<String, Object> members) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(members));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
        if (body.length > 0 && !head) {
            exchange.getResponseBody().write(body);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
