package org.bkv.client.sdk;

/**
 * {@code 423 record-locked}: the record's attempts are used up. Depending on the appliance's lockout policy
 * the escrowed key is locked until an administrator acts, or destroyed for good.
 */
public final class RecordLockedException extends ServerProblemException {

    private static final long serialVersionUID = 1L;

    RecordLockedException(Problem problem) {
        super(problem);
    }
}
