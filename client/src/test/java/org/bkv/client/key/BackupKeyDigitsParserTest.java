package org.bkv.client.key;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link BackupKey#parseDigits}: exactly the 64-digit form, everything else rejected without echo. */
class BackupKeyDigitsParserTest {

    private static final String DIGITS =
            "9a3f 0c71 e2d4 5b86 17fa c039 4e2d 88b1 6c05 d9e7 3a14 f260 0b9c 7d53 e81a 2f46";
    /** The accepted language, written independently of the parser. */
    private static final Pattern FORM = Pattern.compile("[0-9a-f]{4}( [0-9a-f]{4}){15}");
    /** Characters that trip parsers: case, separators, whitespace, look-alike and non-ASCII digits. */
    private static final char[] TRICKY = {'0', '9', 'a', 'f', 'A', 'F', 'g', 'G', 'x', ' ', '-', '_', ':',
            '\t', '\n', '\r', '\u00a0', '\u2009', '\u0660', '\u0966', '\uff10', '\uff41', '\u0000', 'é'};

    @Test
    void acceptsTheExactForm() {
        assertThat(BackupKey.parseDigits(DIGITS).toDigits()).isEqualTo(DIGITS);
    }

    @Test
    void acceptsAnyCharSequence() {
        assertThat(BackupKey.parseDigits(new StringBuilder(DIGITS)).toDigits()).isEqualTo(DIGITS);
    }

    @Test
    void rejectsUpperCaseHexAndSaysSo() {
        assertThatThrownBy(() -> BackupKey.parseDigits(DIGITS.toUpperCase()))
                .isInstanceOf(BackupKeyFormatException.class)
                .hasMessageContaining("upper-case");
    }

    @Test
    void rejectsDashSeparators() {
        BackupKeyFormatException e = catchThrowableOfType(
                () -> BackupKey.parseDigits(DIGITS.replace(' ', '-')), BackupKeyFormatException.class);
        assertThat(e.position()).isEqualTo(5);
        assertThat(e).hasMessageContaining("character 5").hasMessageContaining("single space");
    }

    @Test
    void rejectsDigitsWithoutSeparators() {
        assertThatThrownBy(() -> BackupKey.parseDigits(DIGITS.replace(" ", "")))
                .isInstanceOf(BackupKeyFormatException.class)
                .hasMessageContaining("got 64 characters");
    }

    @Test
    void rejectsATrailingLineBreak() {
        assertThatThrownBy(() -> BackupKey.parseDigits(DIGITS + "\n"))
                .isInstanceOf(BackupKeyFormatException.class)
                .hasMessageContaining("got 80 characters");
    }

    @Test
    void rejectsSurroundingSpaces() {
        assertThatThrownBy(() -> BackupKey.parseDigits(" " + DIGITS)).isInstanceOf(BackupKeyFormatException.class);
        assertThatThrownBy(() -> BackupKey.parseDigits(DIGITS + " ")).isInstanceOf(BackupKeyFormatException.class);
    }

    @Test
    void rejectsNonAsciiDigits() {
        String arabicIndicZero = DIGITS.substring(0, 3) + '\u0660' + DIGITS.substring(4);
        BackupKeyFormatException e = catchThrowableOfType(
                () -> BackupKey.parseDigits(arabicIndicZero), BackupKeyFormatException.class);
        assertThat(e.position()).isEqualTo(4);
        assertThat(e).hasMessageContaining("not a hex digit");
    }

    @Test
    void rejectsNullAndEmpty() {
        assertThatThrownBy(() -> BackupKey.parseDigits(null)).isInstanceOf(BackupKeyFormatException.class);
        assertThatThrownBy(() -> BackupKey.parseDigits("")).isInstanceOf(BackupKeyFormatException.class)
                .hasMessageContaining("got 0 characters");
    }

    @Test
    void rejectsEveryNearMissAndNeverEchoesTheKey() {
        List<String> nearMisses = new ArrayList<>();
        for (int i = 0; i < DIGITS.length(); i++) {
            nearMisses.add(DIGITS.substring(0, i) + DIGITS.substring(i + 1));
            for (char c : TRICKY) {
                nearMisses.add(DIGITS.substring(0, i) + c + DIGITS.substring(i + 1));
                nearMisses.add(DIGITS.substring(0, i) + c + DIGITS.substring(i));
            }
        }
        nearMisses.add(DIGITS.replace(" ", "  "));
        nearMisses.add(DIGITS.substring(0, 39) + DIGITS.substring(40) + " ");
        nearMisses.add(DIGITS.replace(' ', '\t'));
        nearMisses.add(DIGITS.substring(5));
        nearMisses.add(DIGITS + " 0000");

        int rejected = 0;
        for (String candidate : nearMisses) {
            if (FORM.matcher(candidate).matches()) {
                assertThat(BackupKey.parseDigits(candidate).toDigits()).isEqualTo(candidate);
                continue;
            }
            BackupKeyFormatException e = catchThrowableOfType(
                    () -> BackupKey.parseDigits(candidate), BackupKeyFormatException.class);
            assertThat(e).as("near miss %s", candidate.replace("\n", "\\n")).isNotNull();
            assertMessageEchoesNoKeyGroup(e.getMessage());
            rejected++;
        }
        assertThat(rejected).isGreaterThan(3000);
    }

    @Test
    void acceptsExactlyTheFormAmongRandomStrings() {
        Random random = new Random(20240611);
        String alphabet = "0123456789abcdefABCDEF -\t\n\u0660\uff10xyz";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder candidate = new StringBuilder();
            int length = random.nextInt(4) == 0 ? BackupKey.DIGITS_FORM_LENGTH : random.nextInt(100);
            for (int j = 0; j < length; j++) {
                boolean separatorSlot = j % 5 == 4;
                // Bias towards the right shape so that the random walk reaches deep positions.
                if (random.nextInt(10) < 8) {
                    candidate.append(separatorSlot ? ' ' : "0123456789abcdef".charAt(random.nextInt(16)));
                } else {
                    candidate.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = candidate.toString();
            if (FORM.matcher(text).matches()) {
                assertThat(BackupKey.parseDigits(text).toDigits()).isEqualTo(text);
            } else {
                assertThatThrownBy(() -> BackupKey.parseDigits(text)).isInstanceOf(BackupKeyFormatException.class);
            }
        }
    }

    private static void assertMessageEchoesNoKeyGroup(String message) {
        for (String group : DIGITS.split(" ")) {
            assertThat(message).doesNotContain(group);
        }
    }
}
