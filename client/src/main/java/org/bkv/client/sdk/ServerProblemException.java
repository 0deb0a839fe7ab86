package org.bkv.client.sdk;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The appliance refused a request with an HTTP error, usually an RFC 9457 problem
 * ({@code application/problem+json}) carrying a stable {@link #code()}. Subclasses name the cases a
 * caller acts on: {@link RecordLockedException}, {@link ServiceUnavailableException}.
 */
public class ServerProblemException extends BkvException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String title;
    private final String detail;
    private final Integer attemptsRemaining;
    private final Duration retryAfter;
    private final Long uploadOffset;

    ServerProblemException(Problem problem) {
        super(problem.describe());
        this.status = problem.status();
        this.code = problem.code();
        this.title = problem.title();
        this.detail = problem.detail();
        this.attemptsRemaining = problem.attemptsRemaining();
        this.retryAfter = problem.retryAfter();
        this.uploadOffset = problem.uploadOffset();
    }

    /** Builds the exception type that fits the problem's status. */
    static ServerProblemException of(Problem problem) {
        if (problem.status() == 423) {
            return new RecordLockedException(problem);
        }
        if (ServiceUnavailableException.isTransient(problem.status())) {
            return new ServiceUnavailableException(problem);
        }
        return new ServerProblemException(problem);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The problem's stable {@code code} (e.g. {@code replace-not-authorised}); empty if the server sent none. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** The problem's {@code title}, if any. */
    public Optional<String> title() {
        return Optional.ofNullable(title);
    }

    /** The problem's {@code detail}, if any (control characters removed, at most 300 characters). */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /** The {@code attemptsRemaining} member, when the appliance reveals it. */
    public OptionalInt attemptsRemaining() {
        return attemptsRemaining == null ? OptionalInt.empty() : OptionalInt.of(attemptsRemaining);
    }

    /** The {@code Retry-After} header, when sent (429, 503). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The {@code uploadOffset} member of a 409 {@code upload-offset-mismatch}. */
    public OptionalLong uploadOffset() {
        return uploadOffset == null ? OptionalLong.empty() : OptionalLong.of(uploadOffset);
    }

    /** Whether the problem has this code. */
    public boolean hasCode(String expected) {
        return expected.equals(code);
    }
}
