package org.bkv.ejb.domain.vault;

import java.util.Objects;
import java.util.Optional;

/**
 * What the caller proved about itself, as the API layer established it: a session token from an earlier
 * recovery (bearer) and the subject of a verified MicroProfile JWT (when client authentication is JWT).
 */
public record Authorization(Optional<String> sessionToken, Optional<String> jwtSubject) {

    public static final Authorization NONE = new Authorization(Optional.empty(), Optional.empty());

    public Authorization {
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(jwtSubject, "jwtSubject");
    }

    public static Authorization session(String token) {
        return new Authorization(Optional.of(token), Optional.empty());
    }

    public static Authorization jwt(String subject) {
        return new Authorization(Optional.empty(), Optional.of(subject));
    }

    public Authorization withJwtSubject(String subject) {
        return new Authorization(sessionToken, Optional.of(subject));
    }

    @Override
    public String toString() {
        return "Authorization[session=" + sessionToken.isPresent() + ", jwt=" + jwtSubject.isPresent() + "]";
    }
}
