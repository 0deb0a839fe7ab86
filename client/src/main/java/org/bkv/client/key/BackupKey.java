package org.bkv.client.key;

import javax.security.auth.Destroyable;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * The random 256-bit key a device encrypts its backups with (DESIGN §1). A value: two keys with
 * the same bits are equal (compared in constant time). The bits never appear in {@link #toString()}
 * or in exception messages; {@link #destroy()} zeroes them.
 *
 * <p>Its human form, {@link #toDigits()}, is the 32 bytes as 64 <em>lower-case</em> hex digits in
 * 16 groups of 4 separated by single spaces (79 characters), e.g.
 * {@code 0f1e 2d3c 4b5a 6978 8796 a5b4 c3d2 e1f0 0f1e 2d3c 4b5a 6978 8796 a5b4 c3d2 e1f0}.
 * {@link #parseDigits(CharSequence)} accepts exactly that form and nothing else.
 */
public final class BackupKey implements Destroyable {

    /** Key length in bytes. */
    public static final int LENGTH_BYTES = 32;
    /** Length of the 64-digit form: 64 digits and 15 separating spaces. */
    public static final int DIGITS_FORM_LENGTH = 79;

    private static final int GROUP_DIGITS = 4;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String FORM =
            "64 lower-case hex digits (0-9, a-f) in 16 groups of 4 separated by single spaces";

    private final byte[] bits;
    private volatile boolean destroyed;

    private BackupKey(byte[] ownedBits) {
        this.bits = ownedBits;
    }

    /** A new key from a fresh {@link SecureRandom}. */
    public static BackupKey generate() {
        return generate(new SecureRandom());
    }

    /** A new key from the given random source. */
    public static BackupKey generate(SecureRandom random) {
        byte[] bits = new byte[LENGTH_BYTES];
        random.nextBytes(bits);
        return new BackupKey(bits);
    }

    /** A key holding a copy of {@code keyBits}; for this package (unsealing, tests). */
    static BackupKey fromBytes(byte[] keyBits) {
        if (keyBits.length != LENGTH_BYTES) {
            throw new IllegalArgumentException("a backup key is " + LENGTH_BYTES + " bytes");
        }
        return new BackupKey(keyBits.clone());
    }

    /**
     * Parses the 64-digit form, strictly: exactly 79 characters, lower-case hex digits, a single
     * ASCII space (U+0020) after every fourth digit. Upper-case digits, dashes or other separators,
     * leading or trailing whitespace (a line break included), non-ASCII digits: all rejected.
     * There is no checksum; a mistyped digit yields a different key, which decryption then rejects.
     *
     * @throws BackupKeyFormatException saying what is wrong and where, never echoing the input
     */
    public static BackupKey parseDigits(CharSequence digits) {
        if (digits == null) {
            throw new BackupKeyFormatException("no backup key given: expected " + FORM, 0);
        }
        if (digits.length() != DIGITS_FORM_LENGTH) {
            throw new BackupKeyFormatException("a backup key is " + FORM + " (" + DIGITS_FORM_LENGTH
                    + " characters); got " + digits.length() + " characters", 0);
        }
        byte[] bits = new byte[LENGTH_BYTES];
        int digitIndex = 0;
        try {
            for (int i = 0; i < DIGITS_FORM_LENGTH; i++) {
                char c = digits.charAt(i);
                if (i % (GROUP_DIGITS + 1) == GROUP_DIGITS) {
                    if (c != ' ') {
                        throw new BackupKeyFormatException("character " + (i + 1)
                                + " must be a single space between groups of 4 digits", i + 1);
                    }
                    continue;
                }
                int nibble = lowerHexValue(c, i + 1);
                bits[digitIndex / 2] |= (byte) (digitIndex % 2 == 0 ? nibble << 4 : nibble);
                digitIndex++;
            }
            return new BackupKey(bits);
        } catch (BackupKeyFormatException e) {
            Arrays.fill(bits, (byte) 0);
            throw e;
        }
    }

    private static int lowerHexValue(char c, int position) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            throw new BackupKeyFormatException("character " + position
                    + " is an upper-case hex digit; backup keys are written in lower case", position);
        }
        throw new BackupKeyFormatException("character " + position
                + " is not a hex digit (0-9, a-f)", position);
    }

    /** The 64-digit form (see the class comment). */
    public String toDigits() {
        byte[] key = bits();
        char[] form = new char[DIGITS_FORM_LENGTH];
        int at = 0;
        for (int i = 0; i < LENGTH_BYTES; i++) {
            if (i > 0 && i % 2 == 0) {
                form[at++] = ' ';
            }
            form[at++] = HEX[(key[i] >> 4) & 0xf];
            form[at++] = HEX[key[i] & 0xf];
        }
        String digits = new String(form);
        Arrays.fill(form, '\0');
        return digits;
    }

    /**
     * HKDF-SHA256 with this key as input keying material; a {@code null} or empty salt means
     * RFC 5869's all-zero salt. The caller owns (and should zero) the result.
     */
    public byte[] derive(byte[] salt, String info, int length) {
        Objects.requireNonNull(info, "info");
        return Hkdf.sha256(bits(), salt, info, length);
    }

    /** The live key bits, for this package only: never hand them out. */
    byte[] bits() {
        if (destroyed) {
            throw new IllegalStateException("the backup key was destroyed");
        }
        return bits;
    }

    /** Zeroes the key; any later use throws {@link IllegalStateException}. */
    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(bits, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Constant-time comparison of the key bits. */
    @Override
    public boolean equals(Object other) {
        return other instanceof BackupKey
                && MessageDigest.isEqual(bits(), ((BackupKey) other).bits());
    }

    /** Constant on purpose: a hash code would expose key bits, and keys are not meant as map keys. */
    @Override
    public int hashCode() {
        return BackupKey.class.hashCode();
    }

    @Override
    public String toString() {
        return destroyed ? "BackupKey[destroyed]" : "BackupKey[256 bits, not shown]";
    }
}
