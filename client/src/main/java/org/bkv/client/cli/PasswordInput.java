package org.bkv.client.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where a vault command takes the password from: the terminal without echo (default), or
 * {@code --password-file} (UTF-8, one trailing line break ignored). The caller zeroes what it gets.
 */
final class PasswordInput {

    private static final int MAX_PASSWORD_FILE_BYTES = 4096;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Read the password from FILE (UTF-8; one trailing line break is ignored) instead of"
                    + " asking on the terminal.")
    Path passwordFile;

    /** The password; {@code confirm} asks twice on a terminal. */
    char[] read(CliEnvironment environment, String prompt, boolean confirm) {
        if (passwordFile != null) {
            return fromFile(passwordFile);
        }
        return ask(environment, prompt, confirm);
    }

    /** Asks on the terminal, without echo. */
    static char[] ask(CliEnvironment environment, String prompt, boolean confirm) {
        CliEnvironment.PasswordPrompt terminal = environment.passwordPrompt();
        if (terminal == null) {
            throw new CliFailure(ExitCodes.USAGE, "no terminal to ask for the password: use --password-file FILE");
        }
        char[] password = terminal.ask(prompt);
        if (password == null || password.length == 0) {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
            throw new CliFailure(ExitCodes.USAGE, "no password given");
        }
        if (confirm) {
            char[] again = terminal.ask("Repeat the password");
            boolean same = again != null && Arrays.equals(password, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                Arrays.fill(password, '\0');
                throw new CliFailure(ExitCodes.USAGE, "the two passwords differ; nothing was sent");
            }
        }
        return password;
    }

    static char[] fromFile(Path file) {
        byte[] raw;
        try (InputStream in = Files.newInputStream(file)) {
            raw = in.readNBytes(MAX_PASSWORD_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new CliFailure(ExitCodes.USAGE, "password file " + file + " does not exist");
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.IO_ERROR, "cannot read password file " + file + ": " + IoErrors.describe(e));
        }
        try {
            if (raw.length > MAX_PASSWORD_FILE_BYTES) {
                throw new CliFailure(ExitCodes.USAGE, "password file " + file + " is larger than "
                        + MAX_PASSWORD_FILE_BYTES + " bytes");
            }
            int length = raw.length;
            if (length > 0 && raw[length - 1] == '\n') {
                length--;
                if (length > 0 && raw[length - 1] == '\r') {
                    length--;
                }
            }
            if (length == 0) {
                throw new CliFailure(ExitCodes.USAGE, "password file " + file + " is empty");
            }
            CharBuffer chars;
            try {
                chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw, 0, length));
            } catch (CharacterCodingException e) {
                throw new CliFailure(ExitCodes.USAGE, "password file " + file + " is not UTF-8 text");
            }
            char[] password = Arrays.copyOf(chars.array(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return password;
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}
