package org.bkv.ejb.domain.vault;

import jakarta.ejb.ApplicationException;
import java.util.OptionalInt;

/**
 * KE3 did not verify (wrong password, or a fake login): the attempt stays counted. Maps to HTTP 401 with
 * {@code attemptsRemaining} only when the policy reveals lockout. Does not roll back: the login is spent
 * and a lockout it caused commits.
 */
@ApplicationException(rollback = false)
public class RecoveryFailedException extends VaultException {
    private static final long serialVersionUID = 1L;
    private final Integer attemptsRemaining;

    public RecoveryFailedException(OptionalInt attemptsRemaining) {
        super("recovery failed");
        this.attemptsRemaining = attemptsRemaining.isPresent() ? attemptsRemaining.getAsInt() : null;
    }

    public OptionalInt attemptsRemaining() {
        return attemptsRemaining == null ? OptionalInt.empty() : OptionalInt.of(attemptsRemaining);
    }

    @Override
    public int httpStatus() {
        return 401;
    }
}
