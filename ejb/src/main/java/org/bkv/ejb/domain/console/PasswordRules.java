package org.bkv.ejb.domain.console;

/** What a new console password must be: 12 to 128 characters, not the username. */
public final class PasswordRules {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;

    private PasswordRules() {
    }

    public static void check(String field, char[] password, Username username) throws ConsoleInputException {
        if (password == null || password.length < MIN_LENGTH || password.length > MAX_LENGTH) {
            throw new ConsoleInputException(field, "a password has " + MIN_LENGTH + " to " + MAX_LENGTH + " characters");
        }
        if (username != null && username.value().contentEquals(java.nio.CharBuffer.wrap(password))) {
            throw new ConsoleInputException(field, "the password must not be the username");
        }
    }
}
