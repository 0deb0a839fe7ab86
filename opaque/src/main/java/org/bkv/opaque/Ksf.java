package org.bkv.opaque;

import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Key stretching function (RFC 9807 §7, "Stretch"), run by the client only. Output length equals input
 * length (Nh). Argon2id is applied the way opaque-ke 4 does it: the OPRF output is the password, the salt
 * is 16 zero bytes, version 0x13, no secret and no associated data.
 */
public sealed interface Ksf permits Ksf.Identity, Ksf.Argon2id {

    /** Identity KSF, for test vectors and benchmarks. Never use it for real passwords. */
    Ksf IDENTITY = new Identity();

    /** Argon2id with the RFC 9807/RFC 9106 first recommendation: m = 2 GiB, t = 1, p = 4. */
    Ksf RFC_RECOMMENDED = KsfProfile.RFC_RECOMMENDED.ksf();

    byte[] stretch(byte[] input);

    static Ksf argon2id(int memoryKiB, int iterations, int parallelism) {
        return new Argon2id(memoryKiB, iterations, parallelism);
    }

    /** The identity function. */
    record Identity() implements Ksf {
        @Override
        public byte[] stretch(byte[] input) {
            return input.clone();
        }
    }

    /** Argon2id(S = zeroes(16), p, T = len(input), m, t, v = 0x13). */
    record Argon2id(int memoryKiB, int iterations, int parallelism) implements Ksf {
        public Argon2id {
            if (parallelism < 1 || parallelism > 0xFFFFFF) {
                throw new IllegalArgumentException("Argon2id parallelism out of range");
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("Argon2id iterations out of range");
            }
            if (memoryKiB < 8 * parallelism) {
                throw new IllegalArgumentException("Argon2id memory must be at least 8 KiB per lane");
            }
        }

        @Override
        public byte[] stretch(byte[] input) {
            Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withSalt(new byte[16])
                    .withMemoryAsKB(memoryKiB)
                    .withIterations(iterations)
                    .withParallelism(parallelism)
                    .build();
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(params);
            byte[] out = new byte[input.length];
            generator.generateBytes(input, out);
            params.clear();
            return out;
        }

        @Override
        public String toString() {
            return "Argon2id[m=" + memoryKiB + "KiB, t=" + iterations + ", p=" + parallelism + "]";
        }
    }

    /** For callers that keep KSF choices in configuration. */
    static Ksf byProfileName(String name) throws InvalidEncodingException {
        return Arrays.stream(KsfProfile.values())
                .filter(p -> p.profileName().equals(name))
                .findFirst()
                .orElseThrow(() -> new InvalidEncodingException("unknown KSF profile"))
                .ksf();
    }
}
