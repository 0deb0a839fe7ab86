package org.bkv.web.api;

import java.util.Base64;

/** The {@code Repr-Digest} header of RFC 9530: a structured-field dictionary, of which we need {@code sha-256}. */
final class Digests {

    private Digests() {
    }

    /** The 32 bytes of {@code sha-256=:<base64>:}; a missing or malformed value is a 400. */
    static byte[] sha256(String header) {
        if (header == null || header.isBlank()) {
            throw ProblemException.badRequest("the Repr-Digest header (sha-256=:<base64>: of the whole backup) is missing");
        }
        for (String member : header.split(",")) {
            String m = member.trim();
            if (m.startsWith("sha-256=:") && m.endsWith(":") && m.length() > 10) {
                byte[] digest;
                try {
                    digest = Base64.getDecoder().decode(m.substring(9, m.length() - 1));
                } catch (IllegalArgumentException e) {
                    throw ProblemException.badRequest("Repr-Digest sha-256 is not base64");
                }
                if (digest.length != 32) {
                    throw ProblemException.badRequest("Repr-Digest sha-256 must be 32 bytes");
                }
                return digest;
            }
        }
        throw ProblemException.badRequest("Repr-Digest must contain sha-256=:<base64>:");
    }
}
