package org.bkv.ejb.infrastructure.hsm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.bkv.hsm.HsmConfig;
import org.bkv.hsm.HsmConfigurationException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Whether the configured user PIN is one of the defaults that tutorials and vendors ship (1234, 123456, …). The PIN is
 * read, compared in constant time against each, and cleared; only the yes/no leaves this class. The launcher makes
 * random PINs, so this catches hand-made configurations.
 */
public final class WellKnownPins {

    private static final Logger LOG = Logger.getLogger(WellKnownPins.class.getName());
    private static final List<String> DEFAULTS = List.of("0000", "1111", "1234", "12345", "123456", "1234567",
            "12345678", "123456789", "0000000", "00000000", "87654321", "password", "changeit", "userpin", "sopin");

    private WellKnownPins() {
    }

    /** Empty when no PIN is configured (sealed mode: custodians enter it) or it cannot be read. */
    public static Optional<Boolean> configuredPinIsWellKnown() {
        Config config = ConfigProvider.getConfig();
        if (config.getOptionalValue(HsmConfig.PIN_FILE_KEY, String.class).isEmpty()
                && config.getOptionalValue(HsmConfig.PIN_ENV_KEY, String.class).isEmpty()) {
            return Optional.empty();
        }
        char[] pin;
        try {
            pin = HsmConfig.fromProperties(key -> config.getOptionalValue(key, String.class).orElse(null)).pin().read();
        } catch (HsmConfigurationException e) {
            LOG.warning("cannot read the configured HSM PIN to check it against well-known defaults: " + e.getMessage());
            return Optional.empty();
        }
        try {
            return Optional.of(isWellKnown(pin));
        } finally {
            java.util.Arrays.fill(pin, '\0');
        }
    }

    static boolean isWellKnown(char[] pin) {
        byte[] candidate = new String(pin).getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String known : DEFAULTS) {
            match |= MessageDigest.isEqual(candidate, known.getBytes(StandardCharsets.UTF_8));
        }
        java.util.Arrays.fill(candidate, (byte) 0);
        return match;
    }
}
