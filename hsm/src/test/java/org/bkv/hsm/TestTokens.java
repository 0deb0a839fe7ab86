package org.bkv.hsm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.bkv.hsm.softhsm.SoftHsmToken;

/**
 * Real SoftHSM tokens for tests, in the directory named by SOFTHSM2_CONF (set by surefire/failsafe in hsm/pom.xml).
 * The directory is emptied once per JVM, before the first C_Initialize.
 */
public final class TestTokens {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Path DIR;

    static {
        String conf = System.getenv(SoftHsmToken.CONF_ENV);
        if (conf == null) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set: run the tests through Maven (hsm/pom.xml sets it)");
        }
        DIR = Path.of(conf).toAbsolutePath().getParent();
        Path tokens = DIR.resolve("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> walk = Files.walk(tokens)) {
                walk.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(tokens)).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private TestTokens() {
    }

    public static Path dir() {
        return DIR;
    }

    public static Path tokensDir() {
        return DIR.resolve("tokens");
    }

    /** A fresh token with a unique label starting with {@code prefix}. */
    public static synchronized SoftHsmToken create(String prefix) {
        try {
            return SoftHsmToken.create(DIR, prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HsmConfig config(SoftHsmToken token) {
        return config(token, 2, HsmConfig.DEFAULT_RECYCLE_AFTER_OBJECTS);
    }

    public static HsmConfig config(SoftHsmToken token, int poolSize, long recycleAfterObjects) {
        return HsmConfig.builder().tokenLabel(token.label()).pin(token.pinSource())
                .sessionPoolSize(poolSize).recycleAfterObjects(recycleAfterObjects).build();
    }
}
