package org.bkv.opaque;

import java.util.Base64;

/** The one base64url codec of BKV: URL-safe alphabet, no padding on output, strict on input. */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Decodes unpadded base64url. Padding, the standard alphabet ('+', '/'), whitespace and
     * non-canonical trailing bits are rejected.
     */
    public static byte[] decode(String text) throws InvalidEncodingException {
        if (text == null) {
            throw new InvalidEncodingException("base64url: missing value");
        }
        if (text.length() % 4 == 1) {
            throw new InvalidEncodingException("base64url: invalid length");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new InvalidEncodingException("base64url: invalid character at offset " + i);
            }
        }
        byte[] out;
        try {
            out = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEncodingException("base64url: malformed input");
        }
        // Reject non-canonical encodings (unused trailing bits set): re-encoding must round-trip.
        if (!ENCODER.encodeToString(out).equals(text)) {
            throw new InvalidEncodingException("base64url: non-canonical encoding");
        }
        return out;
    }
}
