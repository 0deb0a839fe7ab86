package org.bkv.ejb.domain.vault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The user identifier of a record (DESIGN §4.2: 1..256 UTF-8 bytes), also OPAQUE's credential_identifier.
 * Never stored or logged: the database holds only its HMAC ({@link RecordId}).
 */
public final class Identifier {
    public static final int MAX_BYTES = 256;
    private final String value;
    private final byte[] utf8;

    private Identifier(String value, byte[] utf8) {
        this.value = value;
        this.utf8 = utf8;
    }

    public static Identifier of(String value) throws InvalidRequestException {
        if (value == null || value.isEmpty()) {
            throw new InvalidRequestException("identifier is missing");
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw new InvalidRequestException("identifier is longer than 256 UTF-8 bytes");
        }
        if (!new String(bytes, StandardCharsets.UTF_8).equals(value)) {
            throw new InvalidRequestException("identifier is not valid Unicode text");
        }
        return new Identifier(value, bytes);
    }

    public String value() {
        return value;
    }

    public byte[] utf8() {
        return utf8.clone();
    }

    /** Constant time: used to compare a JWT subject with the identifier. */
    public boolean sameAs(String other) {
        return other != null && MessageDigest.isEqual(utf8, other.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Identifier i && MessageDigest.isEqual(utf8, i.utf8);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(utf8);
    }

    /** Never the identifier itself. */
    @Override
    public String toString() {
        return "Identifier[" + utf8.length + " bytes]";
    }
}
