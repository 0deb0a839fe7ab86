package org.bkv.client.sdk;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The SDK's JSON: a strict reader for the appliance's responses and a writer for its flat request
 * objects. Hand-written because the API exchanges only small objects of strings and integers (and
 * problem details that may hold anything), and the client jar should not carry a JSON library.
 * Duplicate member names, trailing text, lone surrogates and nesting deeper than {@value #MAX_DEPTH}
 * are refused.
 */
final class Json {

    static final int MAX_DEPTH = 16;

    /** Marker for the JSON literal null (a Map cannot tell "absent" from a null value). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Not JSON, or not the JSON expected; the message never quotes the input. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    private final String text;
    private int position;
    private int depth;

    private Json(String text) {
        this.text = text;
    }

    /** A JSON object: members in order; values are String, BigDecimal, Boolean, {@link #NULL}, List or Map. */
    static Map<String, Object> parseObject(String text) throws SyntaxException {
        Json parser = new Json(text);
        parser.skipWhitespace();
        if (parser.peek() != '{') {
            throw parser.error("expected a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) parser.value();
        parser.skipWhitespace();
        if (parser.position != text.length()) {
            throw parser.error("text after the JSON object");
        }
        return object;
    }

    /** {@code {"name":"value",...}} with the strings escaped; insertion order is kept. */
    static String write(Map<String, String> members) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> member : members.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            quote(member.getKey(), out);
            out.append(':');
            quote(member.getValue(), out);
        }
        return out.append('}').toString();
    }

    private static void quote(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    // --- typed access to members --------------------------------------------------------------

    /** A required string member. */
    static String string(Map<String, Object> object, String name) throws SyntaxException {
        Object value = object.get(name);
        if (!(value instanceof String)) {
            throw new SyntaxException(value == null ? "member \"" + name + "\" is missing"
                    : "member \"" + name + "\" is not a string");
        }
        return (String) value;
    }

    /** An optional string member (absent or null: empty; another type: an error). */
    static Optional<String> optionalString(Map<String, Object> object, String name) throws SyntaxException {
        Object value = object.get(name);
        if (value == null || value == NULL) {
            return Optional.empty();
        }
        if (!(value instanceof String)) {
            throw new SyntaxException("member \"" + name + "\" is not a string");
        }
        return Optional.of((String) value);
    }

    /** A required integer member in {@code [min, max]}. */
    static long integer(Map<String, Object> object, String name, long min, long max) throws SyntaxException {
        OptionalLong value = optionalInteger(object, name, min, max);
        if (value.isEmpty()) {
            throw new SyntaxException("member \"" + name + "\" is missing");
        }
        return value.getAsLong();
    }

    /** An optional integer member in {@code [min, max]} (absent or null: empty). */
    static OptionalLong optionalInteger(Map<String, Object> object, String name, long min, long max)
            throws SyntaxException {
        Object value = object.get(name);
        if (value == null || value == NULL) {
            return OptionalLong.empty();
        }
        if (!(value instanceof BigDecimal)) {
            throw new SyntaxException("member \"" + name + "\" is not a number");
        }
        long integer;
        try {
            integer = ((BigDecimal) value).longValueExact();
        } catch (ArithmeticException e) {
            throw new SyntaxException("member \"" + name + "\" is not an integer in range");
        }
        if (integer < min || integer > max) {
            throw new SyntaxException("member \"" + name + "\" is out of range");
        }
        return OptionalLong.of(integer);
    }

    // --- the reader ---------------------------------------------------------------------------

    private Object value() throws SyntaxException {
        char c = peek();
        switch (c) {
            case '{':
                return nested(true);
            case '[':
                return nested(false);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("expected a JSON value");
        }
    }

    private Object nested(boolean isObject) throws SyntaxException {
        if (++depth > MAX_DEPTH) {
            throw error("nested too deeply");
        }
        Object result = isObject ? object() : array();
        depth--;
        return result;
    }

    private Map<String, Object> object() throws SyntaxException {
        expect('{');
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            position++;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name");
            }
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (members.put(name, value()) != null) {
                throw error("duplicate member name");
            }
            skipWhitespace();
            char next = next();
            if (next == '}') {
                return members;
            }
            if (next != ',') {
                position--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array() throws SyntaxException {
        expect('[');
        List<Object> values = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            position++;
            return values;
        }
        while (true) {
            skipWhitespace();
            values.add(value());
            skipWhitespace();
            char next = next();
            if (next == ']') {
                return values;
            }
            if (next != ',') {
                position--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private BigDecimal number() throws SyntaxException {
        int start = position;
        if (peek() == '-') {
            position++;
        }
        int integerStart = position;
        skipDigits();
        if (position == integerStart || (text.charAt(integerStart) == '0' && position - integerStart > 1)) {
            throw error("malformed number");
        }
        if (position < text.length() && text.charAt(position) == '.') {
            position++;
            int fraction = position;
            skipDigits();
            if (position == fraction) {
                throw error("malformed number");
            }
        }
        if (position < text.length() && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
            position++;
            if (position < text.length() && (text.charAt(position) == '+' || text.charAt(position) == '-')) {
                position++;
            }
            int exponent = position;
            skipDigits();
            if (position == exponent || position - exponent > 4) {
                throw error("malformed number");
            }
        }
        return new BigDecimal(text.substring(start, position));
    }

    private void skipDigits() {
        while (position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
            position++;
        }
    }

    private String string() throws SyntaxException {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            char escape = next();
            switch (escape) {
                case '"', '\\', '/' -> value.append(escape);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> value.append(hex4());
                default -> throw error("unknown escape in a string");
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw error("lone surrogate in a string");
            }
        }
        return value.toString();
    }

    private char hex4() throws SyntaxException {
        if (position + 4 > text.length()) {
            throw error("truncated escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(position + i), 16);
            if (digit < 0) {
                throw error("bad escape");
            }
            value = value << 4 | digit;
        }
        position += 4;
        return (char) value;
    }

    private void literal(String word) throws SyntaxException {
        if (!text.startsWith(word, position)) {
            throw error("expected a JSON value");
        }
        position += word.length();
    }

    private void skipWhitespace() {
        while (position < text.length() && " \t\r\n".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
    }

    private char peek() throws SyntaxException {
        if (position >= text.length()) {
            throw error("unexpected end of the JSON text");
        }
        return text.charAt(position);
    }

    private char next() throws SyntaxException {
        char c = peek();
        position++;
        return c;
    }

    private void expect(char c) throws SyntaxException {
        if (position >= text.length() || text.charAt(position) != c) {
            throw error("expected '" + c + "'");
        }
        position++;
    }

    private SyntaxException error(String what) {
        return new SyntaxException("invalid JSON at character " + (position + 1) + ": " + what);
    }
}
