package org.bkv.ejb.application;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import org.bkv.ejb.domain.setup.SetupToken;
import org.bkv.ejb.domain.setup.SetupTokenRepository;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Issues the first-run setup token while the appliance has no console user.
 *
 * <p>Each start without a console user replaces the previous token (only the newest works).
 * The token is written only to the file named by {@code bkv.setupTokenFile}, which the
 * launcher created readable by its owner alone, reads once, prints and deletes: the token
 * never passes through a log. The file is written only after the token's hash has committed,
 * so a printed token always works.
 */
@Singleton
@Startup
@DependsOn("Database")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SetupTokenService {

    private static final Logger LOG = Logger.getLogger(SetupTokenService.class.getName());
    private static final int TOKEN_BYTES = 20;

    @EJB
    private SetupTokenRepository tokens;

    @Inject
    @ConfigProperty(name = "bkv.setupTokenFile")
    private Optional<String> tokenFile;

    private final Clock clock = Clock.systemUTC();

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // a singleton's lifecycle callback ignores the class's
    void issueIfNoConsoleUser() {
        if (tokens.consoleUserCount() > 0) {
            return;
        }
        if (tokenFile.isEmpty()) {
            LOG.warning("no console user exists and bkv.setupTokenFile is not set: no setup token issued;"
                    + " start the appliance with ./bkv up to get one");
            return;
        }
        byte[] token = newToken();
        try {
            tokens.replaceUnspent(new SetupToken(token, clock.instant())); // commits on return
            writeOwnerOnly(Path.of(tokenFile.get()), token);
            LOG.info("issued a new one-time setup token (handed to the launcher, not logged)");
        } finally {
            java.util.Arrays.fill(token, (byte) 0);
        }
    }

    /**
     * Spends the setup token if {@code candidate} is the unspent one (SHA-256 compared in constant time) and it was
     * not spent concurrently; in the caller's transaction, so the first administrator and the spending commit together.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    @jakarta.ejb.Lock(jakarta.ejb.LockType.READ)
    public boolean spend(String candidate) {
        byte[] bytes = candidate.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        try {
            boolean spent = false;
            for (SetupToken unspent : tokens.unspent()) {
                if (unspent.matches(bytes) && !spent) {
                    spent = tokens.spend(unspent, clock.instant());
                }
            }
            return spent;
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    /** 20 random bytes as 40 lowercase hex digits in groups of 4: easy to read out and type. */
    private static byte[] newToken() {
        byte[] raw = new byte[TOKEN_BYTES];
        new SecureRandom().nextBytes(raw);
        String hex = HexFormat.of().formatHex(raw);
        java.util.Arrays.fill(raw, (byte) 0);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 4) {
            if (i > 0) {
                grouped.append('-');
            }
            grouped.append(hex, i, i + 4);
        }
        return grouped.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void writeOwnerOnly(Path file, byte[] token) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(file, token, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the setup token file " + file, e);
        }
    }
}
