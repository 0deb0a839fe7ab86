package org.bkv.hsm.softhsm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.bkv.hsm.PinSource;

/**
 * A SoftHSM2 token in a directory of its own: {@code dir/softhsm2.conf} (tokendir {@code dir/tokens}, file object
 * store, log level ERROR) and a token initialised by {@code softhsm2-util} with random SO and user PINs.
 *
 * <p>SoftHSM reads {@code SOFTHSM2_CONF} from the process environment at C_Initialize only, so a JVM that opens
 * these tokens must be started with {@code SOFTHSM2_CONF=dir/softhsm2.conf} (systemd {@code Environment=}, or
 * surefire's {@code environmentVariables}), and tokens must exist before it opens the module. Several labels may
 * share one directory. PINs are passed to softhsm2-util on its command line (visible to local root briefly).
 */
public final class SoftHsmToken {
    public static final String CONF_ENV = "SOFTHSM2_CONF";
    private static final String PIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path confPath;
    private final String label;
    private final char[] soPin;
    private final char[] userPin;

    private SoftHsmToken(Path confPath, String label, char[] soPin, char[] userPin) {
        this.confPath = confPath;
        this.label = label;
        this.soPin = soPin;
        this.userPin = userPin;
    }

    /**
     * Writes {@code dir/softhsm2.conf}, creates {@code dir/tokens} and initialises a token labelled {@code label}
     * in the first free slot.
     *
     * @throws IllegalStateException when a token with that label already exists there, or softhsm2-util fails
     */
    public static SoftHsmToken create(Path dir, String label) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(label, "label");
        if (label.isBlank() || label.length() > 32) {
            throw new IllegalArgumentException("token label must have 1 to 32 characters");
        }
        Path conf = writeConf(dir);
        if (labels(conf).contains(label)) {
            throw new IllegalStateException("a token labelled '" + label + "' already exists in " + dir.resolve("tokens"));
        }
        char[] so = randomPin(16);
        char[] user = randomPin(16);
        run(conf, List.of("softhsm2-util", "--init-token", "--free", "--label", label,
                "--so-pin", new String(so), "--pin", new String(user)));
        return new SoftHsmToken(conf, label, so, user);
    }

    /** Writes (or rewrites identically) the configuration file and creates the token directory. */
    public static Path writeConf(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        Path tokens = abs.resolve("tokens");
        Files.createDirectories(tokens);
        Path conf = abs.resolve("softhsm2.conf");
        String text = "# written by BKV SoftHsmToken\n"
                + "directories.tokendir = " + tokens + "\n"
                + "objectstore.backend = file\n"
                + "log.level = ERROR\n"
                + "slots.removable = false\n";
        if (!Files.exists(conf) || !Files.readString(conf).equals(text)) {
            Files.writeString(conf, text, StandardCharsets.UTF_8);
        }
        return conf;
    }

    /** Labels of the initialised tokens in the directory of {@code conf}. */
    public static List<String> labels(Path conf) throws IOException {
        String out = run(conf, List.of("softhsm2-util", "--show-slots"));
        List<String> labels = new ArrayList<>();
        boolean initialised = false;
        for (String line : out.split("\n")) {
            String t = line.strip();
            if (t.startsWith("Initialized:")) {
                initialised = t.endsWith("yes");
            } else if (t.startsWith("Label:") && initialised) {
                labels.add(t.substring("Label:".length()).strip());
            }
        }
        return labels;
    }

    public Path confPath() {
        return confPath;
    }

    public String label() {
        return label;
    }

    /** A copy of the security officer PIN. */
    public char[] soPin() {
        return soPin.clone();
    }

    /** A copy of the user PIN. */
    public char[] userPin() {
        return userPin.clone();
    }

    /** The user PIN as a {@link PinSource} of given characters. */
    public PinSource pinSource() {
        return PinSource.of(userPin);
    }

    /** Writes the user PIN to a new file readable and writable only by its owner (POSIX 600). */
    public Path writeUserPinFile(Path file) throws IOException {
        return writePinFile(file, userPin);
    }

    /** Writes the SO PIN to a new file readable and writable only by its owner (POSIX 600). */
    public Path writeSoPinFile(Path file) throws IOException {
        return writePinFile(file, soPin);
    }

    private static Path writePinFile(Path file, char[] pin) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(
                    EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("PIN file " + file + " appeared while being written", e);
        }
        byte[] bytes = new String(pin).concat("\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
        return file;
    }

    private static char[] randomPin(int length) {
        char[] pin = new char[length];
        for (int i = 0; i < length; i++) {
            pin[i] = PIN_ALPHABET.charAt(RANDOM.nextInt(PIN_ALPHABET.length()));
        }
        return pin;
    }

    private static String run(Path conf, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put(CONF_ENV, conf.toString());
        Process p = pb.start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " " + command.get(1) + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " " + command.get(1) + " failed (exit " + p.exitValue() + "): "
                    + out.strip().replace('\n', ' '));
        }
        return out;
    }

    @Override
    public String toString() {
        return "SoftHsmToken[" + label + ", " + confPath + "]";
    }
}
