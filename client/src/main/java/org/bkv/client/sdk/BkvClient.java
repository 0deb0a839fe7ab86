package org.bkv.client.sdk;

import org.bkv.client.key.BackupKey;
import org.bkv.client.key.BackupKeySeal;
import org.bkv.client.key.BackupKeySealException;
import org.bkv.opaque.AuthenticationException;
import org.bkv.opaque.Base64Url;
import org.bkv.opaque.ClientLogin;
import org.bkv.opaque.ClientRegistration;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.KE2;
import org.bkv.opaque.Ksf;
import org.bkv.opaque.KsfProfile;
import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.ProtocolOptions;
import org.bkv.opaque.RegistrationResponse;
import org.bkv.opaque.Suite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.OptionalInt;

/**
 * The BKV backup client SDK: escrow a backup key behind a password in the appliance's vault (OPAQUE,
 * RFC 9807), recover it, and store or fetch the encrypted backup in the appliance's blob store.
 * Thread-safe; one instance per appliance is enough.
 *
 * <pre>{@code
 * BkvClient bkv = BkvClient.builder(URI.create("https://bkv.example.org:8443"))
 *         .trust(ServerTrust.pinnedSha256("AB:CD:..."))
 *         .build();
 * bkv.escrow("alice@example.org", password, backupKey, Suite.P256_SHA256);
 * RecoveredKey recovered = bkv.recover("alice@example.org", password, Suite.P256_SHA256);
 * }</pre>
 *
 * <p>Passwords are {@code char[]}: the SDK encodes them to UTF-8 (no normalisation), zeroes its copy when
 * done, and leaves the caller's array to the caller. No password, key or token appears in an exception.
 */
public final class BkvClient {

    /** Longest identifier, in UTF-8 bytes (DESIGN §4.2). */
    public static final int MAX_IDENTIFIER_BYTES = 256;

    private final ApiTransport api;
    private final BackupTransfers backups;
    private final Ksf ksf;
    private final ProtocolOptions options;
    private final SecureRandom random;

    private BkvClient(Builder builder) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(builder.connectTimeout)
                .sslContext(builder.trust.sslContext())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.api = new ApiTransport(builder.baseUri, http, builder.requestTimeout, builder.maxRetries,
                builder.maxRetryWait, builder.identityTokens);
        this.backups = new BackupTransfers(api, builder.transferAttempts);
        this.ksf = builder.ksf;
        this.options = builder.options;
        this.random = builder.random;
    }

    /** A builder for a client of the appliance at {@code baseUri} ({@code https://host[:port][/prefix]}). */
    public static Builder builder(URI baseUri) {
        return new Builder(baseUri);
    }

    // --- vault --------------------------------------------------------------------------------

    /**
     * Escrows {@code backupKey} behind {@code password} under {@code identifier}: OPAQUE registration, with
     * the backup key sealed under the OPAQUE export key. Fails with a 409
     * {@code replace-not-authorised} {@link ServerProblemException} if a record exists; replace one with
     * {@link #escrowReplacing}.
     */
    public void escrow(String identifier, char[] password, BackupKey backupKey, Suite suite)
            throws BkvException {
        register(identifier, password, backupKey, suite, null);
    }

    /** Like {@link #escrow}, replacing an existing record with the session token of a recovery of it. */
    public void escrowReplacing(String identifier, char[] password, BackupKey backupKey, Suite suite,
                                SessionToken sessionToken) throws BkvException {
        register(identifier, password, backupKey, suite, Objects.requireNonNull(sessionToken, "sessionToken"));
    }

    private void register(String identifier, char[] password, BackupKey backupKey, Suite suite,
                          SessionToken sessionToken) throws BkvException {
        checkIdentifier(identifier);
        Objects.requireNonNull(backupKey, "backupKey");
        Objects.requireNonNull(suite, "suite");
        byte[] passwordBytes = utf8(password);
        byte[] exportKey = null;
        try {
            ClientRegistration.Start start = ClientRegistration.start(suite, passwordBytes, random);
            Map<String, String> request = new LinkedHashMap<>();
            request.put("identifier", identifier);
            request.put("suite", suite.wireName());
            request.put("registrationRequest", Base64Url.encode(start.message().serialize()));
            // Safe to retry: a refused start stores nothing, and an unused pending registration expires.
            Map<String, Object> answer = api.json("POST", "api/v1/vault/registrations", request, api.vault(null), true, 200).members();
            String registrationId = pathSafe(member(answer, "registrationId"), "registrationId");
            RegistrationResponse response = RegistrationResponse.deserialize(suite,
                    bytes(answer, "registrationResponse"));

            ClientRegistration.Finish finish = start.state().finish(passwordBytes, response, ksf, options, random);
            exportKey = finish.exportKey();
            Map<String, String> upload = new LinkedHashMap<>();
            upload.put("registrationRecord", Base64Url.encode(finish.message().serialize()));
            upload.put("sealedBackupKey", Base64Url.encode(BackupKeySeal.seal(exportKey, backupKey)));
            Map<String, Object> stored = api.json("PUT", "api/v1/vault/registrations/" + registrationId, upload,
                    api.vault(sessionToken == null ? null : sessionToken.bearerValue()), true, 201, 200).members();
            String state = member(stored, "state");
            if (!"ACTIVE".equals(state)) {
                throw new InvalidServerResponseException("the appliance stored the record in state \""
                        + printable(state) + "\", not ACTIVE");
            }
        } catch (InvalidEncodingException e) {
            throw new InvalidServerResponseException("the appliance's registration response is malformed: "
                    + e.getMessage(), e);
        } catch (OpaqueException e) {
            throw new InvalidServerResponseException("the appliance's registration response was rejected: "
                    + e.getMessage(), e);
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
            if (exportKey != null) {
                Arrays.fill(exportKey, (byte) 0);
            }
        }
    }

    /**
     * Recovers the backup key escrowed under {@code identifier}. Each call is one password guess, counted by
     * the appliance before it answers; it is never retried.
     *
     * @throws WrongPasswordException  wrong password, or nothing escrowed under {@code identifier}
     * @throws RecordLockedException   the record's attempts are used up
     */
    public RecoveredKey recover(String identifier, char[] password, Suite suite) throws BkvException {
        checkIdentifier(identifier);
        Objects.requireNonNull(suite, "suite");
        byte[] passwordBytes = utf8(password);
        byte[] exportKey = null;
        try {
            ClientLogin.Start start = ClientLogin.start(suite, passwordBytes, random);
            Map<String, String> request = new LinkedHashMap<>();
            request.put("identifier", identifier);
            request.put("suite", suite.wireName());
            request.put("ke1", Base64Url.encode(start.message().serialize()));
            Map<String, Object> answer = api.json("POST", "api/v1/vault/logins", request, api.vault(null), false, 200).members();
            String loginId = pathSafe(member(answer, "loginId"), "loginId");
            KE2 ke2 = KE2.deserialize(suite, bytes(answer, "ke2"));

            ClientLogin.Finish finish;
            try {
                finish = start.state().finish(passwordBytes, ke2, ksf, options);
            } catch (AuthenticationException wrongPassword) {
                throw wrongPassword(suite, loginId, wrongPassword);
            }
            exportKey = finish.exportKey();
            Arrays.fill(finish.sessionKey(), (byte) 0);
            Map<String, Object> done;
            try {
                done = api.json("POST", "api/v1/vault/logins/" + loginId + "/finish",
                        Map.of("ke3", Base64Url.encode(finish.message().serialize())), api.vault(null), false, 200).members();
            } catch (ServerProblemException e) {
                if (e.status() == 401 && e.hasCode("recovery-failed")) {
                    WrongPasswordException rejected = new WrongPasswordException(e.attemptsRemaining());
                    rejected.initCause(e);
                    throw rejected;
                }
                throw e;
            }
            SessionToken token = sessionToken(member(done, "sessionToken"));
            long expiresIn = integer(done, "expiresIn", 0, 366L * 24 * 3600);
            BackupKey backupKey = BackupKeySeal.open(exportKey, bytes(done, "sealedBackupKey"));
            return new RecoveredKey(backupKey, token, Duration.ofSeconds(expiresIn));
        } catch (InvalidEncodingException e) {
            throw new InvalidServerResponseException("the appliance's login response is malformed: "
                    + e.getMessage(), e);
        } catch (BackupKeySealException e) {
            throw new InvalidServerResponseException("the sealed backup key from the appliance does not open with"
                    + " this password's export key", e);
        } catch (OpaqueException e) {
            throw new InvalidServerResponseException("the appliance's login response was rejected: "
                    + e.getMessage(), e);
        } finally {
            Arrays.fill(passwordBytes, (byte) 0);
            if (exportKey != null) {
                Arrays.fill(exportKey, (byte) 0);
            }
        }
    }

    /**
     * The password did not open the envelope. The guess is already counted (when KE2 was served); a KE3 of
     * random bytes closes the login and makes the appliance say how many attempts remain.
     */
    private WrongPasswordException wrongPassword(Suite suite, String loginId, AuthenticationException cause) {
        byte[] garbage = new byte[suite.ke3Length()];
        random.nextBytes(garbage);
        try {
            api.json("POST", "api/v1/vault/logins/" + loginId + "/finish", Map.of("ke3", Base64Url.encode(garbage)),
                    api.vault(null), false, 200);
            WrongPasswordException e = new WrongPasswordException(OptionalInt.empty());
            e.initCause(cause);
            e.addSuppressed(new InvalidServerResponseException("the appliance accepted a random KE3"));
            return e;
        } catch (ServerProblemException refused) {
            WrongPasswordException e = new WrongPasswordException(refused.attemptsRemaining());
            e.initCause(cause);
            if (refused.status() != 401) {
                e.addSuppressed(refused);
            }
            return e;
        } catch (BkvException unreachable) {
            WrongPasswordException e = new WrongPasswordException(OptionalInt.empty());
            e.initCause(cause);
            e.addSuppressed(unreachable);
            return e;
        }
    }

    /**
     * Deletes the record of {@code identifier}, with the session token of a recovery of it (with an identity token,
     * {@link Builder#identityTokens}, the identity token authorises and {@code sessionToken} may be null).
     */
    public void deleteRecord(String identifier, SessionToken sessionToken) throws BkvException {
        checkIdentifier(identifier);
        if (sessionToken == null && !api.hasIdentityToken()) {
            throw new NullPointerException("sessionToken");
        }
        var request = api.request("api/v1/vault/records/" + PathSegment.encode(identifier));
        api.vault(sessionToken == null ? null : sessionToken.bearerValue()).apply(request);
        request.DELETE();
        api.discard(api.exchange(request.build(), true, 204, 200));
    }

    // --- backups ------------------------------------------------------------------------------

    /**
     * Uploads an encrypted backup file (a {@code bkv-backup-v1} file, though any bytes are accepted) into the
     * slot of {@code backupKey}, creating the slot if needed, resuming an upload the appliance holds staged,
     * and resuming after a broken connection. The new copy replaces the previous one once fully verified.
     *
     * @throws IOException reading {@code encryptedFile}
     */
    public StoredBackup upload(BackupKey backupKey, Path encryptedFile, TransferProgress progress)
            throws BkvException, IOException {
        return backups.upload(backupKey, encryptedFile, progress == null ? TransferProgress.NONE : progress);
    }

    /**
     * Downloads the backup of {@code backupKey} into {@code target}. If {@code target} exists it is taken as
     * the beginning of an interrupted download and resumed (HTTP Range); the whole file is then checked
     * against the appliance's SHA-256. A prefix that turns out not to belong to the stored backup is
     * discarded and the download restarts once from the beginning.
     *
     * @throws IOException writing {@code target}
     */
    public StoredBackup download(BackupKey backupKey, Path target, TransferProgress progress)
            throws BkvException, IOException {
        return backups.download(backupKey, target, progress == null ? TransferProgress.NONE : progress);
    }

    /** The stored backup of {@code backupKey} (HEAD), or empty when the slot holds none. */
    public Optional<StoredBackup> backupInfo(BackupKey backupKey) throws BkvException {
        return backups.info(backupKey);
    }

    /** Deletes the stored backup of {@code backupKey}. */
    public void deleteBackup(BackupKey backupKey) throws BkvException {
        backups.delete(backupKey);
    }

    // --- helpers ------------------------------------------------------------------------------

    static void checkIdentifier(String identifier) {
        if (identifier == null) {
            throw new IllegalArgumentException("no identifier given");
        }
        int length = identifier.getBytes(StandardCharsets.UTF_8).length;
        if (length < 1 || length > MAX_IDENTIFIER_BYTES) {
            throw new IllegalArgumentException("an identifier is 1.." + MAX_IDENTIFIER_BYTES + " bytes of UTF-8; got "
                    + length);
        }
    }

    private static byte[] utf8(char[] password) {
        Objects.requireNonNull(password, "password");
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(password));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the password is not valid Unicode text (a lone surrogate)");
        }
        byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.arrayOffset(), encoded.arrayOffset() + encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    static String member(Map<String, Object> members, String name) throws InvalidServerResponseException {
        try {
            return Json.string(members, name);
        } catch (Json.SyntaxException e) {
            throw new InvalidServerResponseException("the appliance's answer is not the BKV API: " + e.getMessage(), e);
        }
    }

    static long integer(Map<String, Object> members, String name, long min, long max)
            throws InvalidServerResponseException {
        try {
            return Json.integer(members, name, min, max);
        } catch (Json.SyntaxException e) {
            throw new InvalidServerResponseException("the appliance's answer is not the BKV API: " + e.getMessage(), e);
        }
    }

    static byte[] bytes(Map<String, Object> members, String name) throws InvalidServerResponseException {
        String text = member(members, name);
        try {
            return Base64Url.decode(text);
        } catch (InvalidEncodingException e) {
            throw new InvalidServerResponseException("member \"" + name + "\" is not base64url: " + e.getMessage(), e);
        }
    }

    /** An id the server chose, as one percent-encoded URL path segment (it cannot navigate the path). */
    static String pathSafe(String id, String name) throws InvalidServerResponseException {
        if (id.isEmpty() || id.length() > 512 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidServerResponseException("member \"" + name + "\" is not a valid id");
        }
        return PathSegment.encode(id);
    }

    private static SessionToken sessionToken(String value) throws InvalidServerResponseException {
        try {
            return SessionToken.of(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidServerResponseException("member \"sessionToken\" is not a bearer token", e);
        }
    }

    private static String printable(String text) {
        return text.length() > 40 || !text.matches("[\\x20-\\x7e]*") ? "(unprintable)" : text;
    }

    /** Configures a {@link BkvClient}. */
    public static final class Builder {
        private final URI baseUri;
        private ServerTrust trust = ServerTrust.systemDefault();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxRetries = 2;
        private Duration maxRetryWait = Duration.ofSeconds(30);
        private int transferAttempts = 3;
        private Ksf ksf = KsfProfile.MEMORY_CONSTRAINED.ksf();
        private ProtocolOptions options = ProtocolOptions.DEFAULT;
        private SecureRandom random = new SecureRandom();
        private Supplier<String> identityTokens;

        private Builder(URI baseUri) {
            Objects.requireNonNull(baseUri, "baseUri");
            if (!"https".equalsIgnoreCase(baseUri.getScheme()) || baseUri.getHost() == null) {
                throw new IllegalArgumentException("the appliance URI must be https://host[:port][/path]");
            }
            if (baseUri.getRawQuery() != null || baseUri.getRawFragment() != null || baseUri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("the appliance URI must not have user info, a query or a fragment");
            }
            String path = baseUri.getRawPath() == null || baseUri.getRawPath().isEmpty() ? "/" : baseUri.getRawPath();
            this.baseUri = baseUri.resolve(path.endsWith("/") ? path : path + "/");
        }

        /** How to authenticate the appliance; default {@link ServerTrust#systemDefault()}. */
        public Builder trust(ServerTrust trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /** TCP + TLS connect timeout; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** Timeout of each vault and control request (not of backup transfers); default 30 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "request timeout");
            return this;
        }

        /**
         * Retries of idempotent calls refused with 429/502/503/504, waiting Retry-After (or 1 s, 2 s, ...)
         * but never longer than {@code maxWait} at once; default 2 retries, 30 s. Login starts (each a password
         * guess) and login finishes (single use) are never retried.
         */
        public Builder retries(int maxRetries, Duration maxWait) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("retries must be >= 0");
            }
            this.maxRetries = maxRetries;
            this.maxRetryWait = Objects.requireNonNull(maxWait, "maxWait");
            return this;
        }

        /** How many connections an upload or download may use before giving up on broken ones; default 3. */
        public Builder transferAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("transfer attempts must be >= 1");
            }
            this.transferAttempts = attempts;
            return this;
        }

        /**
         * The key stretching function; default Argon2id {@link KsfProfile#MEMORY_CONSTRAINED} (64 MiB, t = 3,
         * p = 4). A record opens only with the KSF it was escrowed with.
         */
        public Builder ksf(Ksf ksf) {
            this.ksf = Objects.requireNonNull(ksf, "ksf");
            return this;
        }

        /** OPAQUE context and identities; must match the appliance's ({@code bkv.opaque.context}). Default: none. */
        public Builder protocolOptions(ProtocolOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The random source for OPAQUE and sealing; default a new {@link SecureRandom}. */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * For an appliance with client authentication JWT: every call then carries an identity token (a JWT from the
         * organisation's identity provider whose subject is the identifier), asked of {@code tokens} for each request
         * so that short-lived tokens can be renewed. Backup calls send the storage token in {@code BKV-Storage-Token}.
         */
        public Builder identityTokens(Supplier<String> tokens) {
            this.identityTokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        public BkvClient build() {
            return new BkvClient(this);
        }

        private static Duration positive(Duration duration, String what) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return duration;
        }
    }
}
