package org.bkv.client.sdk;

import java.util.OptionalInt;

/**
 * A recovery failed because the password is wrong (or no key is escrowed under the identifier: OPAQUE
 * makes the two indistinguishable on purpose). The attempt has been counted by the appliance.
 */
public final class WrongPasswordException extends BkvException {

    private static final long serialVersionUID = 1L;

    private final Integer attemptsRemaining;

    WrongPasswordException(OptionalInt attemptsRemaining) {
        super(message(attemptsRemaining));
        this.attemptsRemaining = attemptsRemaining.isPresent() ? attemptsRemaining.getAsInt() : null;
    }

    private static String message(OptionalInt remaining) {
        if (remaining.isEmpty()) {
            return "wrong password (or no key is escrowed under this identifier)";
        }
        int left = remaining.getAsInt();
        if (left == 0) {
            return "wrong password: no attempts left; the appliance has locked (or destroyed) this key";
        }
        return "wrong password: " + left + (left == 1 ? " attempt" : " attempts")
                + " left before this key is locked or destroyed";
    }

    /** How many more wrong guesses the appliance allows, when it reveals that. */
    public OptionalInt attemptsRemaining() {
        return attemptsRemaining == null ? OptionalInt.empty() : OptionalInt.of(attemptsRemaining);
    }
}
