package org.bkv.hsm;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * How to reach the token: PKCS#11 module library, token label (never a slot index: slot ids move when tokens
 * are initialised), user PIN source, session pool size and the module recycling threshold.
 *
 * <p>Configuration keys read by {@link #fromProperties(Function)}:
 * <pre>
 * bkv.hsm.module              PKCS#11 library (default /usr/lib/softhsm/libsofthsm2.so)
 * bkv.hsm.tokenLabel          token label (default bkv)
 * bkv.hsm.pinFile             file whose first line is the user PIN   } exactly one of the two,
 * bkv.hsm.pinEnv              environment variable holding the PIN     } or a PIN entered at start-up
 * bkv.hsm.poolSize            sessions, one per worker (default: number of cores)
 * bkv.hsm.recycleAfterObjects re-initialise the module after this many created objects (default 500000; 0 = never)
 * bkv.hsm.sessionKeyCopies    use session copies of the per-request token keys (default true; see SessionKeyCopies)
 * </pre>
 *
 * @param module              path of the PKCS#11 module (shared library)
 * @param tokenLabel          CKA label of the token (1..32 characters)
 * @param pin                 where the user PIN comes from
 * @param sessionPoolSize     number of sessions, each logged in once (the login is per token)
 * @param recycleAfterObjects after this many objects created (derives, unwraps, key generations) the pool drains,
 *                            calls C_Finalize/C_Initialize, logs in and finds its keys again; SoftHSM 2.6.1 frees
 *                            destroyed objects only in C_Finalize (about 250 bytes each). 0 disables recycling.
 * @param sessionKeyCopies    whether the KEK, 3DH and identifier-MAC keys are used through session copies made at login
 *                            (sensitive and non-extractable like the token keys; much faster on SoftHSM)
 */
public record HsmConfig(Path module, String tokenLabel, PinSource pin, int sessionPoolSize, long recycleAfterObjects,
        boolean sessionKeyCopies) {

    public static final String MODULE_KEY = "bkv.hsm.module";
    public static final String TOKEN_LABEL_KEY = "bkv.hsm.tokenLabel";
    public static final String PIN_FILE_KEY = "bkv.hsm.pinFile";
    public static final String PIN_ENV_KEY = "bkv.hsm.pinEnv";
    public static final String POOL_SIZE_KEY = "bkv.hsm.poolSize";
    public static final String RECYCLE_AFTER_OBJECTS_KEY = "bkv.hsm.recycleAfterObjects";
    public static final String SESSION_KEY_COPIES_KEY = "bkv.hsm.sessionKeyCopies";

    public static final Path DEFAULT_MODULE = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    public static final String DEFAULT_TOKEN_LABEL = "bkv";
    /** About 125 MB of SoftHSM garbage at most; one recycle costs a few tens of milliseconds. */
    public static final long DEFAULT_RECYCLE_AFTER_OBJECTS = 500_000;

    public HsmConfig {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(tokenLabel, "tokenLabel");
        Objects.requireNonNull(pin, "pin");
        if (tokenLabel.isBlank() || tokenLabel.length() > 32) {
            throw new HsmConfigurationException("token label '" + tokenLabel
                    + "' is not valid: set " + TOKEN_LABEL_KEY + " to the token's label (1 to 32 characters)");
        }
        if (sessionPoolSize < 1 || sessionPoolSize > 1024) {
            throw new HsmConfigurationException("session pool size " + sessionPoolSize
                    + " is out of range: set " + POOL_SIZE_KEY + " between 1 and 1024 (default: number of cores)");
        }
        if (recycleAfterObjects < 0) {
            throw new HsmConfigurationException("recycleAfterObjects " + recycleAfterObjects
                    + " is negative: set " + RECYCLE_AFTER_OBJECTS_KEY + " to 0 (never) or a positive count");
        }
    }

    /** Defaults for everything but the PIN. */
    public static HsmConfig defaults(PinSource pin) {
        return builder().pin(pin).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A copy with another PIN source (e.g. a PIN entered by custodians at start-up). */
    public HsmConfig withPin(PinSource newPin) {
        return new HsmConfig(module, tokenLabel, newPin, sessionPoolSize, recycleAfterObjects, sessionKeyCopies);
    }

    /**
     * Reads the {@code bkv.hsm.*} keys from any lookup (MicroProfile Config, System::getProperty, a Map::get).
     * Missing keys take their defaults; exactly one of pinFile and pinEnv must be set.
     */
    public static HsmConfig fromProperties(Function<String, String> lookup) {
        Objects.requireNonNull(lookup, "lookup");
        Builder b = builder();
        String module = trimmed(lookup.apply(MODULE_KEY));
        if (module != null) {
            b.module(Path.of(module));
        }
        String label = trimmed(lookup.apply(TOKEN_LABEL_KEY));
        if (label != null) {
            b.tokenLabel(label);
        }
        String pinFile = trimmed(lookup.apply(PIN_FILE_KEY));
        String pinEnv = trimmed(lookup.apply(PIN_ENV_KEY));
        if (pinFile != null && pinEnv != null) {
            throw new HsmConfigurationException("both " + PIN_FILE_KEY + " and " + PIN_ENV_KEY
                    + " are set: keep exactly one PIN source");
        }
        if (pinFile == null && pinEnv == null) {
            throw new HsmConfigurationException("no user PIN source: set " + PIN_FILE_KEY + " (file with the PIN on its first line) or "
                    + PIN_ENV_KEY + " (name of an environment variable), or enter the PIN at start-up");
        }
        b.pin(pinFile != null ? PinSource.file(Path.of(pinFile)) : PinSource.environment(pinEnv));
        String pool = trimmed(lookup.apply(POOL_SIZE_KEY));
        if (pool != null) {
            b.sessionPoolSize((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parseNumber(POOL_SIZE_KEY, pool))));
        }
        String recycle = trimmed(lookup.apply(RECYCLE_AFTER_OBJECTS_KEY));
        if (recycle != null) {
            b.recycleAfterObjects(parseNumber(RECYCLE_AFTER_OBJECTS_KEY, recycle));
        }
        String copies = trimmed(lookup.apply(SESSION_KEY_COPIES_KEY));
        if (copies != null) {
            b.sessionKeyCopies(parseBoolean(SESSION_KEY_COPIES_KEY, copies));
        }
        return b.build();
    }

    private static String trimmed(String value) {
        if (value == null) {
            return null;
        }
        String t = value.strip();
        return t.isEmpty() ? null : t;
    }

    private static long parseNumber(String key, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new HsmConfigurationException(key + " = '" + value + "' is not a whole number: set it to a positive integer");
        }
    }

    private static boolean parseBoolean(String key, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        } else if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new HsmConfigurationException(key + " = '" + value + "' is not true or false: set it to true or false");
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private Path module = DEFAULT_MODULE;
        private String tokenLabel = DEFAULT_TOKEN_LABEL;
        private PinSource pin;
        private int sessionPoolSize = Runtime.getRuntime().availableProcessors();
        private long recycleAfterObjects = DEFAULT_RECYCLE_AFTER_OBJECTS;
        private boolean sessionKeyCopies = true;

        private Builder() {
        }

        public Builder module(Path value) {
            this.module = value;
            return this;
        }

        public Builder tokenLabel(String value) {
            this.tokenLabel = value;
            return this;
        }

        public Builder pin(PinSource value) {
            this.pin = value;
            return this;
        }

        public Builder sessionPoolSize(int value) {
            this.sessionPoolSize = value;
            return this;
        }

        public Builder recycleAfterObjects(long value) {
            this.recycleAfterObjects = value;
            return this;
        }

        public Builder sessionKeyCopies(boolean value) {
            this.sessionKeyCopies = value;
            return this;
        }

        public HsmConfig build() {
            if (pin == null) {
                throw new HsmConfigurationException("no user PIN source: set " + PIN_FILE_KEY + " or " + PIN_ENV_KEY
                        + ", or enter the PIN at start-up");
            }
            return new HsmConfig(module, tokenLabel, pin, sessionPoolSize, recycleAfterObjects, sessionKeyCopies);
        }
    }
}
