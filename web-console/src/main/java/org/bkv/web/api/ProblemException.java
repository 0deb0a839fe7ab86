package org.bkv.web.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * An API failure with its RFC 9457 shape: HTTP status, stable {@code code}, a short title and a detail that says
 * what is wrong (never a secret, key, token or identifier). {@link ProblemMapper} turns it into the response.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private OptionalLong retryAfterSeconds = OptionalLong.empty();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(int status, String code, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.title = Objects.requireNonNull(title, "title");
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "invalid-request", "Invalid request", detail);
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(404, code, "Not found", detail);
    }

    public static ProblemException payloadTooLarge(String detail) {
        return new ProblemException(413, "payload-too-large", "Payload too large", detail);
    }

    /** Adds a member beside the standard ones (e.g. {@code attemptsRemaining}, {@code uploadOffset}). */
    public ProblemException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    /** A response header beside the body (e.g. {@code WWW-Authenticate} on a 401). */
    public ProblemException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return java.util.Collections.unmodifiableMap(headers);
    }

    public ProblemException retryAfter(long seconds) {
        retryAfterSeconds = OptionalLong.of(seconds);
        return this;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extensions() {
        return java.util.Collections.unmodifiableMap(extensions);
    }

    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
