package org.bkv.ejb.domain.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bkv.opaque.Suite;

/**
 * The id of a decoy row: one of {@link #BUCKETS} rows per suite in {@code vault_record}, shaped like an ACTIVE record,
 * that a fake login reads and writes through the statements a real login start uses on its record, so that unknown and
 * registered identifiers cost the database the same (docs/SECURITY.md, "Fake responses and timing").
 *
 * <p>Why these ids: a record id is the base64url HMAC of an identifier, 43 characters from {@code [A-Za-z0-9_-]}. A
 * decoy id has the same length (one index key size) but starts with {@code '~'}, outside that alphabet, so no
 * identifier's HMAC can ever equal one, {@link RecordId} refuses it (nothing reachable from the API or the console can
 * name a decoy), and SQL tells decoys apart without the HSM ({@code id LIKE '~%'}). The ids are fixed and readable,
 * e.g. {@code ~decoy~P256-SHA256~07~~~~~~~~~~~~~~~~~~~~~~}.
 *
 * <p>Why buckets: a counter UPDATE holds its row lock until the login's transaction commits, so fakes sharing one row
 * would queue where real logins of different identifiers do not. The bucket is taken from the record id (the MAC), so
 * one identifier always uses the same decoy (as its repeated real logins would use its one row) and different ones
 * spread evenly. One set per suite, because the counter UPDATE names the suite and row sizes differ between suites.
 */
public record DecoyId(String value, Suite suite, int bucket) {

    /** Decoy rows per suite. A power of two, so that the record id's leading bits spread identifiers evenly. */
    public static final int BUCKETS = 16;
    /** The first character of every decoy id; never part of a record id. */
    public static final char MARK = '~';
    /** For SQL: {@code id NOT LIKE '~%'} keeps decoys out of counts and listings. */
    public static final String LIKE_PATTERN = MARK + "%";
    /** A decoy's version: fixed, for its counter reset ({@code RESET_ATTEMPTS} names the version). */
    public static final long VERSION = 1;
    /** A decoy's max_attempts: the highest the schema allows, so that its counter is reset as seldom as possible. */
    public static final int MAX_ATTEMPTS = 100;
    /** Bits of the record id that can pick the bucket: its first two base64url characters. */
    private static final int BUCKET_BITS = 12;
    /** Made once: a fake login looks its decoy up here and builds nothing. */
    private static final DecoyId[][] ALL = new DecoyId[Suite.values().length][BUCKETS];

    static {
        if (Integer.bitCount(BUCKETS) != 1 || BUCKETS > 1 << BUCKET_BITS) {
            throw new ExceptionInInitializerError("BUCKETS must be a power of two of at most 2^" + BUCKET_BITS);
        }
        for (Suite suite : Suite.values()) {
            for (int bucket = 0; bucket < BUCKETS; bucket++) {
                ALL[suite.ordinal()][bucket] = new DecoyId(format(suite, bucket), suite, bucket);
            }
        }
    }

    public DecoyId {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(suite, "suite");
        if (bucket < 0 || bucket >= BUCKETS) {
            throw new IllegalArgumentException("decoy bucket " + bucket + " is not in [0, " + BUCKETS + ")");
        }
        if (!value.equals(format(suite, bucket))) {
            throw new IllegalArgumentException("not the id of decoy " + suite.wireName() + " " + bucket);
        }
    }

    public static DecoyId of(Suite suite, int bucket) {
        if (bucket < 0 || bucket >= BUCKETS) {
            throw new IllegalArgumentException("decoy bucket " + bucket + " is not in [0, " + BUCKETS + ")");
        }
        return ALL[suite.ordinal()][bucket];
    }

    /**
     * The decoy a fake login for this record id in this suite reads and writes instead of the record's row: the low
     * bits of the MAC's first 12 (uniform, as the MAC is), so one identifier always maps to the same bucket.
     */
    public static DecoyId forRecord(RecordId requested, Suite suite) {
        int leading = requested.sixBitsAt(0) << 6 | requested.sixBitsAt(1);
        return ALL[suite.ordinal()][leading & (BUCKETS - 1)];
    }

    /** Every decoy: {@link #BUCKETS} per suite. */
    public static List<DecoyId> all() {
        List<DecoyId> all = new ArrayList<>();
        for (DecoyId[] ofSuite : ALL) {
            all.addAll(List.of(ofSuite));
        }
        return List.copyOf(all);
    }

    /** Whether a stored {@code vault_record.id} is a decoy's. */
    public static boolean isDecoy(String id) {
        return id != null && !id.isEmpty() && id.charAt(0) == MARK;
    }

    private static String format(Suite suite, int bucket) {
        StringBuilder id = new StringBuilder().append(MARK).append("decoy").append(MARK).append(suite.wireName())
                .append(MARK).append(String.format("%02d", bucket));
        while (id.length() < RecordId.LENGTH) {
            id.append(MARK);
        }
        return id.toString();
    }

    @Override
    public String toString() {
        return "DecoyId[" + suite.wireName() + " " + bucket + "]";
    }
}
