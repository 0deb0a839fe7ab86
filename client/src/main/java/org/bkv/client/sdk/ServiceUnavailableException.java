package org.bkv.client.sdk;

/**
 * The appliance is (for now) unable to serve: {@code 503 service-unavailable}, {@code 429 rate-limited}, or
 * a gateway in front of it answered 502/504. The SDK already retried where that was safe; see
 * {@link #retryAfter()} for when to try again.
 */
public final class ServiceUnavailableException extends ServerProblemException {

    private static final long serialVersionUID = 1L;

    ServiceUnavailableException(Problem problem) {
        super(problem);
    }

    static boolean isTransient(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }
}
