package org.bkv.client.cli;

import org.bkv.client.key.BackupKey;
import org.bkv.client.key.BackupKeyFormatException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.CharBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Where a command takes the backup key from: {@code --key-file} or {@code --key-env}, exactly one.
 * A key file holds the 64-digit form, optionally followed by one line break ({@code \n} or
 * {@code \r\n}); a variable holds the 64-digit form exactly.
 */
final class KeyInput {

    /** Far more than a key file needs; bounds what bkv reads from a wrong file. */
    private static final int MAX_KEY_FILE_BYTES = 1024;

    @Option(names = "--key-file", paramLabel = "FILE", required = true,
            description = "File holding the backup key as printed by `bkv keygen` "
                    + "(64 hex digits in 16 groups of 4; one trailing line break allowed).")
    Path keyFile;

    @Option(names = "--key-env", paramLabel = "VAR", required = true,
            description = "Environment variable holding the backup key in the same form.")
    String keyVariable;

    /** Reads and parses the key; any problem is a {@link CliFailure} with {@link ExitCodes#BAD_KEY}. */
    BackupKey read(Map<String, String> variables) {
        return keyFile != null ? readFile() : readVariable(variables);
    }

    private BackupKey readFile() {
        byte[] raw;
        try (InputStream in = Files.newInputStream(keyFile)) {
            raw = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new CliFailure(ExitCodes.BAD_KEY, "key file " + keyFile + " does not exist");
        } catch (AccessDeniedException e) {
            throw new CliFailure(ExitCodes.BAD_KEY, "key file " + keyFile + ": permission denied");
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.BAD_KEY, "cannot read key file " + keyFile + ": " + IoErrors.describe(e));
        }
        char[] chars = new char[raw.length];
        try {
            if (raw.length > MAX_KEY_FILE_BYTES) {
                throw new CliFailure(ExitCodes.BAD_KEY, "key file " + keyFile
                        + " is not a backup key: it is larger than " + MAX_KEY_FILE_BYTES + " bytes");
            }
            for (int i = 0; i < raw.length; i++) {
                chars[i] = (char) (raw[i] & 0xff);
            }
            int length = withoutOneLineBreak(chars);
            return parse(CharBuffer.wrap(chars, 0, length), "key file " + keyFile);
        } finally {
            Arrays.fill(raw, (byte) 0);
            Arrays.fill(chars, '\0');
        }
    }

    private BackupKey readVariable(Map<String, String> variables) {
        String value = variables.get(keyVariable);
        if (value == null) {
            throw new CliFailure(ExitCodes.BAD_KEY, "environment variable " + keyVariable + " is not set");
        }
        return parse(value, "environment variable " + keyVariable);
    }

    private static int withoutOneLineBreak(char[] chars) {
        int length = chars.length;
        if (length > 0 && chars[length - 1] == '\n') {
            length--;
            if (length > 0 && chars[length - 1] == '\r') {
                length--;
            }
        }
        return length;
    }

    private static BackupKey parse(CharSequence digits, String source) {
        try {
            return BackupKey.parseDigits(digits);
        } catch (BackupKeyFormatException e) {
            throw new CliFailure(ExitCodes.BAD_KEY, "bad backup key in " + source + ": " + e.getMessage());
        }
    }
}
