package org.bkv.client.sdk;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The short-lived token a successful recovery returns; it authorises replacing or deleting that record
 * ({@code Authorization: Bearer}). A credential: never shown by {@link #toString()}.
 */
public final class SessionToken {

    /** RFC 6750 token68 characters, bounded. */
    private static final Pattern TOKEN68 = Pattern.compile("[A-Za-z0-9._~+/-]{1,1024}=*");

    private final String value;

    private SessionToken(String value) {
        this.value = value;
    }

    /**
     * A token as received from the appliance (or kept by the caller).
     *
     * @throws IllegalArgumentException when it is not a bearer token (empty, too long, odd characters)
     */
    public static SessionToken of(String value) {
        if (value == null || !TOKEN68.matcher(value).matches()) {
            throw new IllegalArgumentException("not a bearer token");
        }
        return new SessionToken(value);
    }

    /** The value to send after {@code Bearer }. */
    public String bearerValue() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionToken
                && java.security.MessageDigest.isEqual(
                        value.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        ((SessionToken) other).value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    public int hashCode() {
        return Objects.hash(SessionToken.class);
    }

    @Override
    public String toString() {
        return "SessionToken[not shown]";
    }
}
