package org.bkv.appliance;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.bkv.hsm.HsmConfig;

/**
 * Where the appliance's HSM and database are. First boot records them in the data directory's
 * marker file, so a later {@code bkv up} needs no options; options given again override.
 * Holds no PIN or password, only where to find them (except a PIN typed at start-up, which
 * goes to the child process's environment and nowhere else).
 */
record Settings(Path module, String tokenLabel, Path pinFile, String pinEnv, String typedPin,
                boolean ownSoftHsm, String dbUrl, String dbUser, Path dbPasswordFile) {

    static final String PIN_ENV_FOR_CHILD = "BKV_HSM_PIN";

    static Settings resolve(Launcher options, DataDirectory dir) throws IOException, StartupException {
        Properties saved = new Properties();
        if (dir.initialised()) {
            try (InputStream in = Files.newInputStream(dir.marker())) {
                saved.load(in);
            }
        }
        Path module = options.module != null ? options.module
                : Path.of(saved.getProperty("hsm.module", Launcher.SOFTHSM_MODULE));
        String label = options.tokenLabel != null ? options.tokenLabel : saved.getProperty("hsm.tokenLabel", "bkv");
        Path pinFile = options.pinFile != null ? options.pinFile : pathOrNull(saved.getProperty("hsm.pinFile"));
        String pinEnv = options.pinEnv != null ? options.pinEnv : saved.getProperty("hsm.pinEnv");
        String typedPin = null;
        if (options.askPin) {
            Console console = System.console();
            if (console == null) {
                throw new StartupException(2, "--ask-pin needs a terminal; use --pin-file or --pin-env instead");
            }
            char[] pin = console.readPassword("HSM user PIN for token '%s': ", label);
            typedPin = pin == null ? "" : new String(pin);
            java.util.Arrays.fill(pin == null ? new char[0] : pin, '\0');
            pinFile = null;
            pinEnv = null;
        }
        boolean ownSoftHsm = dir.initialised()
                ? Boolean.parseBoolean(saved.getProperty("hsm.ownSoftHsm", "false"))
                : module.toString().equals(Launcher.SOFTHSM_MODULE) && pinFile == null && pinEnv == null && typedPin == null;
        if (ownSoftHsm && options.pinFile == null && !options.askPin && options.pinEnv == null) {
            pinFile = dir.userPin();
        }
        String dbUrl = options.dbUrl != null ? options.dbUrl : saved.getProperty("db.url");
        String dbUser = options.dbUser != null ? options.dbUser : saved.getProperty("db.user", "bkv");
        Path dbPassword = options.dbPasswordFile != null ? options.dbPasswordFile : pathOrNull(saved.getProperty("db.passwordFile"));
        return new Settings(module, label, pinFile, pinEnv, typedPin, ownSoftHsm, dbUrl, dbUser, dbPassword);
    }

    /** A token this appliance did not create needs its PIN from somewhere. */
    void requirePinSource() throws StartupException {
        if (!ownSoftHsm && pinFile == null && pinEnv == null && typedPin == null) {
            throw new StartupException(2, "the token's user PIN is needed: give --pin-file, --pin-env or --ask-pin");
        }
    }

    Settings withDatabase(String url, String user, Path passwordFile) {
        return new Settings(module, tokenLabel, pinFile, pinEnv, typedPin, ownSoftHsm, url, user, passwordFile);
    }

    /** The bkv.hsm.* configuration both the HSM check and the appliance read. */
    Map<String, String> hsmProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(HsmConfig.MODULE_KEY, module.toString());
        p.put(HsmConfig.TOKEN_LABEL_KEY, tokenLabel);
        if (typedPin != null) {
            p.put(HsmConfig.PIN_ENV_KEY, PIN_ENV_FOR_CHILD);
        } else if (pinFile != null) {
            p.put(HsmConfig.PIN_FILE_KEY, pinFile.toString());
        } else {
            p.put(HsmConfig.PIN_ENV_KEY, pinEnv);
        }
        return p;
    }

    /** The bkv.db.* configuration of the appliance, password included (written to a 600 file only). */
    Map<String, String> databaseProperties() throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bkv.db.url", dbUrl);
        p.put("bkv.db.user", dbUser);
        p.put("bkv.db.password", dbPasswordFile == null ? "" : Files.readString(dbPasswordFile).strip());
        // Non-XA on both: one resource needs no two-phase commit, and an XA data source (H2's JdbcDataSource is one)
        // makes Payara run every transaction through its JTS coordinator. H2's through the appliance's own plain data
        // source, which makes its commits atomic on disk (H2AtomicCommits).
        p.put("bkv.db.dataSourceClass", dbUrl.startsWith("jdbc:postgresql:") ? "org.postgresql.ds.PGSimpleDataSource"
                : "org.bkv.ejb.infrastructure.persistence.H2AtomicCommitDataSource");
        return p;
    }

    Optional<String> pinForChild() {
        if (typedPin != null) {
            return Optional.of(typedPin);
        }
        if (pinEnv != null && System.getenv(pinEnv) != null) {
            return Optional.of(System.getenv(pinEnv));
        }
        return Optional.empty();
    }

    void save(Path marker) throws IOException {
        Properties p = new Properties();
        p.setProperty("hsm.module", module.toString());
        p.setProperty("hsm.tokenLabel", tokenLabel);
        p.setProperty("hsm.ownSoftHsm", Boolean.toString(ownSoftHsm));
        if (pinFile != null) {
            p.setProperty("hsm.pinFile", pinFile.toString());
        }
        if (pinEnv != null) {
            p.setProperty("hsm.pinEnv", pinEnv);
        }
        p.setProperty("db.url", dbUrl);
        p.setProperty("db.user", dbUser);
        if (dbPasswordFile != null) {
            p.setProperty("db.passwordFile", dbPasswordFile.toString());
        }
        p.setProperty("created", java.time.Instant.now().toString());
        try (OutputStream out = Files.newOutputStream(marker)) {
            p.store(out, "BKV data directory: where this appliance's HSM token and database are");
        }
    }

    private static Path pathOrNull(String value) {
        return value == null ? null : Path.of(value);
    }
}
