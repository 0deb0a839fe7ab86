package org.bkv.web.api;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bkv.opaque.Base64Url;
import org.bkv.opaque.InvalidEncodingException;

/**
 * A small JSON request body, read strictly: at most {@link #MAX_BYTES}, one object, only the documented members,
 * each of the documented type. Anything else is a 400 (or 413) that names the member, before anything is stored.
 */
final class JsonBody {
    /** The largest vault request: a registration record plus a 1 KiB sealed backup key, base64url, with room. */
    static final int MAX_BYTES = 16 * 1024;
    /**
     * Made once: {@code Json.createReader} looks the JSON provider up through the class loaders on every call, which
     * cost about 0.13 ms of CPU per request under load (profiled), more than reading the body itself.
     */
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    private final JsonObject object;

    private JsonBody(JsonObject object) {
        this.object = object;
    }

    static JsonBody read(InputStream in, Set<String> members) {
        byte[] bytes = readBounded(in);
        if (bytes.length == 0) {
            throw invalidJson("the request has no body; send a JSON object");
        }
        JsonValue value;
        try (JsonReader reader = READERS.createReader(new ByteArrayInputStream(bytes))) {
            value = reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw invalidJson("the request body is not valid JSON");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalidJson("the request body must be a JSON object");
        }
        JsonObject object = value.asJsonObject();
        for (String name : object.keySet()) {
            if (!members.contains(name)) {
                throw ProblemException.badRequest("unexpected member \"" + printable(name) + "\"; expected " + members);
            }
        }
        return new JsonBody(object);
    }

    String string(String name) {
        return optionalString(name).orElseThrow(() -> ProblemException.badRequest(name + " is missing"));
    }

    Optional<String> optionalString(String name) {
        JsonValue value = object.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw ProblemException.badRequest(name + " must be a string");
        }
        return Optional.of(((JsonString) value).getString());
    }

    /** A base64url (no padding) member decoded to bytes. */
    byte[] bytes(String name) {
        return decode(name, string(name));
    }

    static byte[] decode(String name, String text) {
        try {
            return Base64Url.decode(text);
        } catch (InvalidEncodingException e) {
            throw ProblemException.badRequest(name + " is not base64url without padding");
        }
    }

    private static byte[] readBounded(InputStream in) {
        try {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw ProblemException.payloadTooLarge("vault requests are at most " + MAX_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ProblemException.badRequest("the request body could not be read to its end");
        }
    }

    private static ProblemException invalidJson(String detail) {
        return new ProblemException(400, "invalid-json", "Invalid JSON", detail);
    }

    /** A member name from the client, cut short and without control characters, fit for an error detail. */
    private static String printable(String name) {
        String cut = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        return cut.replaceAll("[\\p{Cntrl}\"\\\\]", "?");
    }
}
