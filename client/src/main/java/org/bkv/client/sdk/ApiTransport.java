package org.bkv.client.sdk;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * HTTP for the SDK: builds requests under the base URI, sends them, turns HTTP errors into
 * {@link ServerProblemException}s and connection failures into {@link ServerUnreachableException}s, and
 * retries 429/502/503/504 politely (honouring Retry-After) for calls the caller marks idempotent.
 */
final class ApiTransport {

    /** Largest JSON (or problem) body read; the API's answers are a few hundred bytes. */
    static final int MAX_JSON_BYTES = 64 * 1024;
    private static final Duration DEFAULT_RETRY_WAIT = Duration.ofSeconds(1);

    /** A JSON answer: its status and members. */
    record JsonAnswer(int status, Map<String, Object> members) {
    }

    /** How a request shows who sends it (the Authorization header and friends). */
    @FunctionalInterface
    interface Credentials {
        Credentials NONE = request -> { };

        void apply(HttpRequest.Builder request);
    }

    private final URI base;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration maxRetryWait;
    private final Supplier<String> identityTokens;

    ApiTransport(URI base, HttpClient http, Duration requestTimeout, int maxRetries, Duration maxRetryWait,
                 Supplier<String> identityTokens) {
        this.base = base;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.maxRetries = maxRetries;
        this.maxRetryWait = maxRetryWait;
        this.identityTokens = identityTokens;
    }

    /**
     * Vault calls: the identity token when the client has one (client authentication JWT: it also authorises
     * replacing and deleting the record), else the session token of a recovery if given, else nothing.
     */
    Credentials vault(String sessionToken) {
        return request -> {
            String bearer = identityTokens != null ? identityToken() : sessionToken;
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
        };
    }

    /**
     * Backup calls: {@code Authorization: Bearer <storage token>}; with an identity token, that goes into
     * {@code Authorization} and the storage token into {@code BKV-Storage-Token}.
     */
    Credentials storage(String storageToken) {
        return request -> {
            if (identityTokens != null) {
                request.header("Authorization", "Bearer " + identityToken()).header("BKV-Storage-Token", storageToken);
            } else {
                request.header("Authorization", "Bearer " + storageToken);
            }
        };
    }

    boolean hasIdentityToken() {
        return identityTokens != null;
    }

    private String identityToken() {
        String token = identityTokens.get();
        if (token == null || !token.strip().matches("[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]*")) {
            throw new IllegalStateException("the identity token supplier gave no JWT (header.payload.signature in base64url)");
        }
        return token.strip();
    }

    /** A request builder for {@code path} (relative, e.g. {@code api/v1/backups}) with the JSON timeout. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout);
    }

    /** A request builder without a total timeout, for streaming transfers of unknown duration. */
    HttpRequest.Builder transferRequest(String path) {
        return HttpRequest.newBuilder(base.resolve(path));
    }

    /** Sends {@code body} as JSON with {@code method} and expects a JSON object back with one of {@code ok}. */
    JsonAnswer json(String method, String path, Map<String, String> body, Credentials credentials, boolean idempotent,
                    int... ok) throws BkvException {
        HttpRequest.Builder request = request(path).header("Accept", "application/json, application/problem+json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        credentials.apply(request);
        HttpResponse<InputStream> response = sendOnceMoreIfDropped(request.build(), idempotent);
        int status = response.statusCode();
        for (int expected : ok) {
            if (status == expected) {
                return new JsonAnswer(status, readJsonObject(response));
            }
        }
        throw problem(response);
    }

    /** Sends a request without a JSON answer; returns the response for statuses in {@code ok}, else throws. */
    HttpResponse<InputStream> exchange(HttpRequest request, boolean idempotent, int... ok) throws BkvException {
        HttpResponse<InputStream> response = send(request, idempotent);
        for (int expected : ok) {
            if (response.statusCode() == expected) {
                return response;
            }
        }
        throw problem(response);
    }

    /**
     * {@link #send}, and for an idempotent call one more try when the connection dropped without an answer
     * (typically a kept-alive connection the server had just closed). A refused TLS certificate is final.
     */
    private HttpResponse<InputStream> sendOnceMoreIfDropped(HttpRequest request, boolean idempotent)
            throws BkvException {
        try {
            return send(request, idempotent);
        } catch (ServerCertificateException refused) {
            throw refused;
        } catch (ServerUnreachableException dropped) {
            if (!idempotent || Thread.currentThread().isInterrupted()) {
                throw dropped;
            }
            try {
                return send(request, true);
            } catch (ServerUnreachableException again) {
                again.addSuppressed(dropped);
                throw again;
            }
        }
    }

    /**
     * Sends, retrying transient refusals when {@code idempotent}. Error responses are returned (not thrown)
     * so callers can read them.
     */
    HttpResponse<InputStream> send(HttpRequest request, boolean idempotent) throws BkvException {
        int retries = 0;
        while (true) {
            HttpResponse<InputStream> response = sendOnce(request);
            int status = response.statusCode();
            if (!idempotent || !ServiceUnavailableException.isTransient(status) || retries >= maxRetries) {
                return response;
            }
            Duration wait = retryAfter(response).orElse(DEFAULT_RETRY_WAIT.multipliedBy(1L << retries));
            if (wait.compareTo(maxRetryWait) > 0) {
                return response; // the server asks for longer than we are willing to block: let the caller decide
            }
            discard(response);
            sleep(wait);
            retries++;
        }
    }

    private HttpResponse<InputStream> sendOnce(HttpRequest request) throws ServerUnreachableException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted while talking to the appliance", e);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** Describes a failed connection in words a person understands; TLS failures get their own type. */
    ServerUnreachableException unreachable(IOException e) {
        String where = base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
        PinnedCertificateTrustManager.PinMismatchException pin = causeOf(e, PinnedCertificateTrustManager.PinMismatchException.class);
        if (pin != null) {
            return new ServerCertificateException(pin.getMessage(), true, e);
        }
        CertificateException certificate = causeOf(e, CertificateException.class);
        if (certificate != null) {
            return new ServerCertificateException("TLS with " + where + " failed: the appliance's certificate is not"
                    + " trusted (" + certificate.getMessage() + ")", false, e);
        }
        SSLException tls = causeOf(e, SSLException.class);
        if (tls != null) {
            return new ServerUnreachableException("TLS with " + where + " failed (" + tls.getMessage()
                    + "); is this the appliance's HTTPS port?", e);
        }
        if (e instanceof HttpConnectTimeoutException) {
            return new ServerUnreachableException("cannot connect to " + where + ": timed out", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new ServerUnreachableException("the appliance at " + where + " did not answer in time", e);
        }
        if (causeOf(e, ConnectException.class) != null) {
            return new ServerUnreachableException("cannot connect to " + where + ": connection refused", e);
        }
        if (causeOf(e, java.nio.channels.UnresolvedAddressException.class) != null
                || causeOf(e, java.net.UnknownHostException.class) != null) {
            return new ServerUnreachableException("cannot connect to " + where + ": unknown host", e);
        }
        if (e instanceof InterruptedIOException) {
            return new ServerUnreachableException("interrupted while talking to the appliance", e);
        }
        return new ServerUnreachableException("the connection to " + where + " failed: "
                + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
    }

    private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** Reads a JSON object body (at most {@link #MAX_JSON_BYTES}); anything else is an invalid response. */
    Map<String, Object> readJsonObject(HttpResponse<InputStream> response) throws BkvException {
        String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String text = readText(response);
        if (!contentType.startsWith("application/json") && !contentType.startsWith("application/problem+json")) {
            throw new InvalidServerResponseException("the appliance answered HTTP " + response.statusCode()
                    + " with " + (contentType.isEmpty() ? "no content type" : contentType) + " where JSON was expected"
                    + " (is " + base + " a BKV appliance?)");
        }
        try {
            return Json.parseObject(text);
        } catch (Json.SyntaxException e) {
            throw new InvalidServerResponseException("the appliance's answer is not valid JSON: " + e.getMessage(), e);
        }
    }

    private String readText(HttpResponse<InputStream> response) throws BkvException {
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw new InvalidServerResponseException("the appliance's answer is larger than "
                        + MAX_JSON_BYTES + " bytes");
            }
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidServerResponseException("the appliance's answer is not UTF-8 text", e);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** The typed exception for an error response; the body is read as problem JSON when it is one. */
    ServerProblemException problem(HttpResponse<InputStream> response) throws BkvException {
        int status = response.statusCode();
        Duration retryAfter = retryAfter(response).orElse(null);
        String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.contains("json")) {
            discard(response);
            return ServerProblemException.of(Problem.bare(status, retryAfter));
        }
        Map<String, Object> members;
        try {
            members = Json.parseObject(readText(response));
        } catch (Json.SyntaxException | InvalidServerResponseException notProblemJson) {
            // The status still says what happened; a broken problem body only loses the details.
            ServerProblemException bare = ServerProblemException.of(Problem.bare(status, retryAfter));
            bare.initCause(notProblemJson);
            return bare;
        }
        return ServerProblemException.of(Problem.fromJson(status, members, retryAfter));
    }

    /** Retry-After in delay-seconds (the form BKV sends); an HTTP-date or garbage is ignored. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> value = response.headers().firstValue("Retry-After").map(String::strip);
        if (value.isEmpty() || !value.get().matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Long.parseLong(value.get())));
    }

    /** Drains and closes a body we do not need, so the connection can be reused. */
    void discard(HttpResponse<InputStream> response) throws ServerUnreachableException {
        try (InputStream body = response.body()) {
            body.skip(MAX_JSON_BYTES);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private static void sleep(Duration wait) throws ServerUnreachableException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted while waiting to retry", e);
        }
    }
}
