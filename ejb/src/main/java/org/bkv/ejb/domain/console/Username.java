package org.bkv.ejb.domain.console;

import java.util.Objects;
import java.util.regex.Pattern;

/** A console account name: 3..64 of lowercase letters, digits, '.', '_', '-', starting with a letter. */
public record Username(String value) {

    private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9._-]{2,63}");

    public Username {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a username");
        }
    }

    public static Username parse(String field, String raw) throws ConsoleInputException {
        if (raw == null || !SHAPE.matcher(raw).matches()) {
            throw new ConsoleInputException(field,
                    "3 to 64 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter");
        }
        return new Username(raw);
    }
}
