package org.bkv.ejb.infrastructure.hsm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.bkv.ejb.domain.vault.RecordId;

/**
 * Associated data for everything the vault seals with the KEK: a purpose label, then each part length-prefixed,
 * so a ciphertext opens only for the purpose, record, version (and login or registration) it was sealed for.
 */
final class Aad {
    static final String REGISTRATION = "BKV registration v1";
    static final String OPRF_KEY = "BKV oprf key v1";
    static final String RECORD = "BKV record v1";
    static final String BACKUP_KEY = "BKV backup key v1";
    static final String LOGIN = "BKV login v1";
    static final String DECOY = "BKV decoy v1";

    private Aad() {
    }

    static byte[] of(String purpose, byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(purpose.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        for (byte[] part : parts) {
            out.write(part.length >>> 8);
            out.write(part.length);
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] id(RecordId id) {
        return ascii(id.value());
    }

    static byte[] version(long version) {
        return ByteBuffer.allocate(Long.BYTES).putLong(version).array();
    }

    static byte[] forRecord(String purpose, RecordId id, long version) {
        return of(purpose, id(id), version(version));
    }
}
