package org.bkv.ejb.domain.vault;

import org.bkv.opaque.Base64Url;
import java.util.Objects;

/**
 * The stored id of a record: HMAC-SHA256 of the identifier under the HSM key {@code bkv-id-mac}, base64url
 * (43 characters). Without the HSM it cannot be linked back to an identifier. Logs show only {@link #prefix()}.
 *
 * <p>Only base64url characters are accepted: the decoy rows of {@code vault_record} ({@link DecoyId}) have ids outside
 * that alphabet, so no record id — whether computed from an identifier or typed into the console — can name one.
 */
public record RecordId(String value) {

    public static final int LENGTH = 43;

    public RecordId {
        Objects.requireNonNull(value, "value");
        if (value.length() != LENGTH || !value.chars().allMatch(RecordId::base64url)) {
            throw new IllegalArgumentException("a record id is 43 base64url characters");
        }
    }

    public static RecordId of(byte[] mac) {
        if (mac.length != 32) {
            throw new IllegalArgumentException("a record id is a 32-byte MAC");
        }
        return new RecordId(Base64Url.encode(mac));
    }

    /** The first 8 characters (48 bits): enough to follow a record through logs and audit, not to find it. */
    public String prefix() {
        return value.substring(0, 8);
    }

    /** The 6 bits the character at {@code index} encodes (its place in the base64url alphabet). */
    int sixBitsAt(int index) {
        char c = value.charAt(index);
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }

    private static boolean base64url(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    @Override
    public String toString() {
        return "RecordId[" + prefix() + "…]";
    }
}
