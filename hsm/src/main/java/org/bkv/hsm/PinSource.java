package org.bkv.hsm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where the token's user PIN comes from: the first line of a file, an environment variable, or characters
 * entered at start-up (sealed mode). {@link #read()} returns a fresh copy the caller clears after use;
 * {@link #toString()} and {@link #describe()} never show the PIN.
 */
public sealed interface PinSource permits PinSource.FromFile, PinSource.FromEnvironment, PinSource.Given {

    /** The PIN, as a new array the caller must clear. Fails with a one-line {@link HsmConfigurationException}. */
    char[] read();

    /** Where the PIN comes from, safe for messages and logs. */
    String describe();

    /** The first line of {@code file} (trailing CR/LF removed). */
    static PinSource file(Path file) {
        return new FromFile(file);
    }

    /** The value of environment variable {@code name}. */
    static PinSource environment(String name) {
        return new FromEnvironment(name);
    }

    /** Characters entered at start-up; copied, so the caller may clear its array. */
    static PinSource of(char[] pin) {
        return new Given(pin);
    }

    /** PIN on the first line of a file, which should be readable only by the service account (mode 600). */
    record FromFile(Path file) implements PinSource {
        public FromFile {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public char[] read() {
            if (!Files.isRegularFile(file)) {
                throw new HsmConfigurationException("PIN file " + file + " does not exist or is not a file: "
                        + "set bkv.hsm.pinFile to a file holding the token's user PIN on its first line");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new HsmConfigurationException("PIN file " + file + " cannot be read (" + e.getClass().getSimpleName()
                        + "): give the service account read access to it (mode 600, owned by the service user)");
            }
            try {
                int end = 0;
                while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                    end++;
                }
                char[] pin = decodeUtf8(bytes, end, "PIN file " + file);
                if (pin.length == 0) {
                    throw new HsmConfigurationException("PIN file " + file
                            + " has an empty first line: write the token's user PIN on its first line");
                }
                return pin;
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }

        @Override
        public String describe() {
            return "PIN file " + file;
        }

        @Override
        public String toString() {
            return "PinSource[" + describe() + "]";
        }
    }

    /** PIN in an environment variable (set by systemd {@code Environment=} or a credentials loader). */
    record FromEnvironment(String name) implements PinSource {
        public FromEnvironment {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("environment variable name is blank");
            }
        }

        @Override
        public char[] read() {
            String value = System.getenv(name);
            if (value == null || value.isEmpty()) {
                throw new HsmConfigurationException("environment variable " + name
                        + " holding the token's user PIN is not set: set it for the service, or use bkv.hsm.pinFile");
            }
            return value.toCharArray();
        }

        @Override
        public String describe() {
            return "environment variable " + name;
        }

        @Override
        public String toString() {
            return "PinSource[" + describe() + "]";
        }
    }

    /** PIN entered at start-up (sealed mode). Holds a private copy. */
    final class Given implements PinSource {
        private final char[] pin;

        private Given(char[] pin) {
            Objects.requireNonNull(pin, "pin");
            if (pin.length == 0) {
                throw new HsmConfigurationException("the entered PIN is empty: enter the token's user PIN");
            }
            this.pin = pin.clone();
        }

        @Override
        public char[] read() {
            return pin.clone();
        }

        @Override
        public String describe() {
            return "PIN entered at start-up";
        }

        @Override
        public String toString() {
            return "PinSource[" + describe() + "]";
        }
    }

    private static char[] decodeUtf8(byte[] bytes, int length, String where) {
        CharBuffer chars;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
        } catch (CharacterCodingException e) {
            throw new HsmConfigurationException(where + " is not UTF-8 text: write the PIN as plain text on the first line");
        }
        char[] pin = new char[chars.remaining()];
        chars.get(pin);
        Arrays.fill(chars.array(), '\0');
        return pin;
    }
}
