package org.bkv.client.sdk;

import java.nio.charset.StandardCharsets;

/** Percent-encodes a value as one URI path segment (RFC 3986 unreserved characters stay as they are). */
final class PathSegment {

    private PathSegment() {
    }

    static String encode(String value) {
        if (value.chars().allMatch(c -> c == '.')) {
            return "%2E".repeat(value.length()); // "." and ".." would be path navigation, not a name
        }
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
