package org.bkv.ejb.domain.console;

import jakarta.ejb.ApplicationException;

/**
 * A console form value was refused; {@link #field()} names the input it belongs to, so the console can show the
 * message beside it. Nothing was changed. The message never repeats a password or an identifier.
 */
@ApplicationException(rollback = true)
public class ConsoleInputException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    public ConsoleInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
