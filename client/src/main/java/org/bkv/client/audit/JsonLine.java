package org.bkv.client.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader for one line of an export: a JSON object whose values are strings, integers or arrays of
 * strings, which is all the format uses. Anything else (other JSON values, fractions, duplicate names,
 * lone surrogates, trailing text) is refused with the position and what was expected.
 */
final class JsonLine {

    /** Thrown for a line that is not such an object. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    private final String text;
    private int position;

    private JsonLine(String text) {
        this.text = text;
    }

    /** The members, in order; values are String, Long or List&lt;String&gt;. */
    static Map<String, Object> parse(String line) throws SyntaxException {
        JsonLine parser = new JsonLine(line);
        parser.skipWhitespace();
        Map<String, Object> object = parser.object();
        parser.skipWhitespace();
        if (parser.position != line.length()) {
            throw parser.error("text after the JSON object");
        }
        return object;
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
            int at = position;
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (members.put(name, value()) != null) {
                position = at;
                throw error("duplicate member \"" + name + "\"");
            }
            skipWhitespace();
            char next = next("',' or '}'");
            if (next == '}') {
                return members;
            }
            if (next != ',') {
                position--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private Object value() throws SyntaxException {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '[') {
            return stringArray();
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return integer();
        }
        throw error("expected a string, an integer or an array of strings");
    }

    private List<String> stringArray() throws SyntaxException {
        expect('[');
        List<String> values = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            position++;
            return Collections.unmodifiableList(values);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string in the array");
            }
            values.add(string());
            skipWhitespace();
            char next = next("',' or ']'");
            if (next == ']') {
                return Collections.unmodifiableList(values);
            }
            if (next != ',') {
                position--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private Long integer() throws SyntaxException {
        int start = position;
        if (peek() == '-') {
            position++;
        }
        int digits = position;
        while (position < text.length() && Character.isDigit(text.charAt(position)) && text.charAt(position) < 128) {
            position++;
        }
        if (position == digits || (text.charAt(digits) == '0' && position - digits > 1)) {
            position = start;
            throw error("malformed integer");
        }
        if (position < text.length() && ".eE".indexOf(text.charAt(position)) >= 0) {
            position = start;
            throw error("expected an integer, not a fraction");
        }
        try {
            return Long.parseLong(text.substring(start, position));
        } catch (NumberFormatException e) {
            position = start;
            throw error("integer out of range");
        }
    }

    private String string() throws SyntaxException {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            char c = next("closing '\"'");
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                position--;
                throw error("control character in a string");
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            char escape = next("an escape");
            switch (escape) {
                case '"', '\\', '/' -> value.append(escape);
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'n' -> value.append('\n');
                case 'r' -> value.append('\r');
                case 't' -> value.append('\t');
                case 'u' -> value.append(hex4());
                default -> {
                    position--;
                    throw error("unknown escape");
                }
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw error("string holds a lone surrogate: not Unicode text");
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
                throw error("bad hex digit in an escape");
            }
            value = value << 4 | digit;
        }
        position += 4;
        return (char) value;
    }

    private void skipWhitespace() {
        while (position < text.length() && " \t\r".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
    }

    private char peek() throws SyntaxException {
        if (position >= text.length()) {
            throw error("unexpected end of line");
        }
        return text.charAt(position);
    }

    private char next(String expected) throws SyntaxException {
        if (position >= text.length()) {
            throw error("unexpected end of line, expected " + expected);
        }
        return text.charAt(position++);
    }

    private void expect(char c) throws SyntaxException {
        if (position >= text.length() || text.charAt(position) != c) {
            throw error("expected '" + c + "'");
        }
        position++;
    }

    private SyntaxException error(String what) {
        return new SyntaxException("not valid export JSON at column " + (position + 1) + ": " + what);
    }
}
