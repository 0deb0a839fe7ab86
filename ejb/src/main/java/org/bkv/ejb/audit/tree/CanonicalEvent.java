package org.bkv.ejb.audit.tree;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The canonical JSON of an audit event: the exact bytes that become a Merkle leaf. A flat JSON object of
 * string members, keys in ascending order, no whitespace, strings escaped as RFC 8785 (JCS) does, UTF-8.
 * For such objects this is the JCS serialisation. It depends only on a map of strings, not on the vault's
 * event classes, so the verifier never re-canonicalises: it hashes the bytes it is given.
 *
 * <p>Example: {@code {"actor":"client","details":"attempt 3 of 10","node":"bkv-1","outcome":"SUCCESS",
 * "time":"2025-06-01T12:00:00.123Z","type":"ATTEMPT_COUNTED"}}
 */
public final class CanonicalEvent {

    /** Event time, RFC 3339 UTC with milliseconds, e.g. {@code 2025-06-01T12:00:00.123Z}. */
    public static final String TIME = "time";
    /** The appliance node that recorded it. */
    public static final String NODE = "node";
    /** The event type: a name from the vault's closed enum. */
    public static final String TYPE = "type";
    /** Who acted: console user, {@code client}, {@code system}. */
    public static final String ACTOR = "actor";
    /** {@code SUCCESS}, {@code REFUSED}, {@code FAILED}. */
    public static final String OUTCOME = "outcome";
    /** Non-secret free text (never a secret, never a full identifier: DESIGN §2). */
    public static final String DETAILS = "details";

    /** Upper bound on the canonical bytes of one event. */
    public static final int MAX_ENTRY_BYTES = 65_536;

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private CanonicalEvent() {
    }

    /** The canonical JSON text of {@code fields}. Keys: 1..64 of [A-Za-z0-9_]; values: any Unicode text. */
    public static String toJson(Map<String, String> fields) {
        Objects.requireNonNull(fields, "fields");
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("an audit event has at least one field");
        }
        StringBuilder json = new StringBuilder(256).append('{');
        // ASCII keys: String order is code-point and UTF-8 byte order, as JCS requires.
        for (Map.Entry<String, String> field : new TreeMap<>(fields).entrySet()) {
            if (!KEY.matcher(field.getKey()).matches()) {
                throw new IllegalArgumentException("audit field name must be 1..64 of [A-Za-z0-9_]: " + field.getKey());
            }
            if (json.length() > 1) {
                json.append(',');
            }
            JsonText.appendQuoted(json, field.getKey());
            json.append(':');
            JsonText.appendQuoted(json, Objects.requireNonNull(field.getValue(), "value of " + field.getKey()));
        }
        return json.append('}').toString();
    }

    /** The leaf entry: UTF-8 of {@link #toJson}, at most {@link #MAX_ENTRY_BYTES}. */
    public static byte[] toEntry(Map<String, String> fields) {
        byte[] entry = toJson(fields).getBytes(StandardCharsets.UTF_8);
        if (entry.length > MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException("audit event is " + entry.length + " bytes, more than " + MAX_ENTRY_BYTES);
        }
        return entry;
    }
}
