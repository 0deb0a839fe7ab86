package org.bkv.ejb.domain.vault;

import org.bkv.opaque.Base64Url;
import java.util.Objects;

/**
 * The stored id of a record: HMAC-SHA256 of the identifier under the HSM key {@code bkv-id-mac}, base64url
 * (43 characters). Without the HSM it cannot be linked back to an identifier. Logs show only {@link #prefix()}.
 */
public record RecordId(String value) {

    public static final int LENGTH = 43;

    public RecordId {
        Objects.requireNonNull(value, "value");
        if (value.length() != LENGTH) {
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

    @Override
    public String toString() {
        return "RecordId[" + prefix() + "…]";
    }
}
