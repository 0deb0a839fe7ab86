package org.bkv.hsm;

/**
 * The HSM settings are wrong (module missing, no token with the label, wrong or locked PIN, key missing).
 * The message is one line that says what is wrong and how to fix it; it never contains the PIN.
 */
public class HsmConfigurationException extends HsmException {
    private static final long serialVersionUID = 1L;

    public HsmConfigurationException(String message) {
        super(message);
    }

    public HsmConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
