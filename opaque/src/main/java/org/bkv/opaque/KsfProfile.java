package org.bkv.opaque;

/**
 * Named Argon2id parameter sets. The first two are RFC 9807 §"Configurations" (= RFC 9106 §4); the
 * lighter ones trade offline-attack cost for speed on weak clients and must be chosen deliberately.
 * A record only opens with the profile it was registered with.
 */
public enum KsfProfile {
    /** RFC 9106 first recommendation: 2 GiB, t = 1, p = 4. */
    RFC_RECOMMENDED("rfc-recommended", 1 << 21, 1, 4),
    /** RFC 9106 second recommendation (memory-constrained): 64 MiB, t = 3, p = 4. The client SDK default. */
    MEMORY_CONSTRAINED("memory-constrained", 1 << 16, 3, 4),
    /** OWASP's Argon2id minimum: 19 MiB, t = 2, p = 1. */
    MODERATE("moderate", 19 * 1024, 2, 1),
    /** 8 MiB, t = 1, p = 1: constrained devices only. */
    LIGHT("light", 8 * 1024, 1, 1),
    /** 8 KiB, t = 1, p = 1: the cheapest legal Argon2id, for tests and interop checks only. */
    TEST_ONLY("test-only", 8, 1, 1);

    private final String profileName;
    private final Ksf.Argon2id ksf;

    KsfProfile(String profileName, int memoryKiB, int iterations, int parallelism) {
        this.profileName = profileName;
        this.ksf = new Ksf.Argon2id(memoryKiB, iterations, parallelism);
    }

    public String profileName() {
        return profileName;
    }

    public Ksf.Argon2id ksf() {
        return ksf;
    }
}
