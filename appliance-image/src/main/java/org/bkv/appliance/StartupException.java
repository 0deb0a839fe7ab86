package org.bkv.appliance;

/**
 * Start-up cannot go on. The message is one line for the operator: what is wrong and how to
 * fix it. Never contains a PIN, password or key.
 */
final class StartupException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    StartupException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
