package org.bkv.hsm;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Seals the ristretto255 suite's software keys (PKCS#11 has no ristretto255) under {@code bkv-kek}. The key's name
 * is bound as AAD, so a sealed OPRF seed cannot be opened as a server private key. Opened keys live in process
 * memory: DESIGN §2 documents that root on the host can read them.
 */
public final class SuiteKeySealer {
    private static final byte[] DOMAIN = "BKV suite key v1".getBytes(StandardCharsets.US_ASCII);
    private final Kek kek;

    public SuiteKeySealer(Kek kek) {
        this.kek = Objects.requireNonNull(kek, "kek");
    }

    public byte[] seal(String keyName, byte[] key) {
        return kek.seal(key, aad(keyName));
    }

    /** @throws HsmIntegrityException when the data was not sealed under this name by this token's KEK */
    public byte[] open(String keyName, byte[] sealed) {
        return kek.open(sealed, aad(keyName));
    }

    private static byte[] aad(String keyName) {
        Objects.requireNonNull(keyName, "keyName");
        byte[] name = keyName.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[DOMAIN.length + 1 + name.length];
        System.arraycopy(DOMAIN, 0, aad, 0, DOMAIN.length);
        System.arraycopy(name, 0, aad, DOMAIN.length + 1, name.length);
        return aad;
    }
}
