package org.bkv.ejb.domain.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashIsAnArgon2idPhcStringWithTheDocumentedParameters() {
        String hash = hasher.hash("correct horse battery".toCharArray());
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hash).doesNotContain("correct");
    }

    @Test
    void rightPasswordVerifies() {
        String hash = hasher.hash("correct horse battery".toCharArray());
        assertThat(hasher.verify("correct horse battery".toCharArray(), hash)).isTrue();
    }

    @Test
    void wrongPasswordDoesNotVerify() {
        String hash = hasher.hash("correct horse battery".toCharArray());
        assertThat(hasher.verify("correct horse batterz".toCharArray(), hash)).isFalse();
        assertThat(hasher.verify("".toCharArray(), hash)).isFalse();
    }

    @Test
    void samePasswordGetsADifferentSaltEachTime() {
        assertThat(hasher.hash("same password here".toCharArray())).isNotEqualTo(hasher.hash("same password here".toCharArray()));
    }

    @Test
    void verifiesAgainstAHashMadeIndependentlyWithOtherParameters() {
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[32];
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(64).withIterations(3).withParallelism(2).withSalt(salt).build());
        g.generateBytes("päss wörd ünicode".getBytes(StandardCharsets.UTF_8), out);
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder().withoutPadding();
        String phc = "$argon2id$v=19$m=64,t=3,p=2$" + b64.encodeToString(salt) + "$" + b64.encodeToString(out);
        assertThat(hasher.verify("päss wörd ünicode".toCharArray(), phc)).isTrue();
        assertThat(hasher.verify("pass word unicode".toCharArray(), phc)).isFalse();
    }

    @Test
    void rfc9106Argon2idVectorThroughTheSameGenerator() {
        // RFC 9106 §5.3 uses secret and associated data, which console hashes do not; this checks BC's Argon2id itself.
        byte[] out = new byte[32];
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(32).withIterations(3).withParallelism(4)
                .withSalt(repeat(0x02, 16)).withSecret(repeat(0x03, 8)).withAdditional(repeat(0x04, 12)).build());
        g.generateBytes(repeat(0x01, 32), out);
        assertThat(java.util.HexFormat.of().formatHex(out))
                .isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    @Test
    void malformedOrHostileStoredHashesNeverVerify() {
        char[] pw = "correct horse battery".toCharArray();
        assertThat(hasher.verify(pw, null)).isFalse();
        assertThat(hasher.verify(pw, "")).isFalse();
        assertThat(hasher.verify(pw, "plaintext")).isFalse();
        assertThat(hasher.verify(pw, "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA")).isFalse();
        assertThat(hasher.verify(pw, "$argon2id$v=19$m=9999999,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA")).isFalse();
    }

    private static byte[] repeat(int b, int n) {
        byte[] a = new byte[n];
        java.util.Arrays.fill(a, (byte) b);
        return a;
    }
}
