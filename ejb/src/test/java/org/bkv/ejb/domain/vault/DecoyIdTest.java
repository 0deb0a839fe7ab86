package org.bkv.ejb.domain.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.bkv.opaque.Suite;
import org.junit.jupiter.api.Test;

/** Decoy ids: outside the record id space, fixed, and an even, stable spread of record ids over the buckets. */
class DecoyIdTest {

    @Test
    void thereAreBucketsDecoysPerSuiteEachOfARecordIdsLength() {
        List<DecoyId> all = DecoyId.all();
        assertThat(all).hasSize(DecoyId.BUCKETS * Suite.values().length);
        assertThat(all.stream().map(DecoyId::value).distinct()).hasSize(all.size());
        for (Suite suite : Suite.values()) {
            assertThat(all.stream().filter(d -> d.suite() == suite)).hasSize(DecoyId.BUCKETS);
        }
        for (DecoyId decoy : all) {
            assertThat(decoy.value()).hasSize(RecordId.LENGTH).startsWith("~decoy~" + decoy.suite().wireName() + "~");
            assertThat(DecoyId.isDecoy(decoy.value())).isTrue();
            assertThat(DecoyId.of(decoy.suite(), decoy.bucket())).isSameAs(decoy);
        }
        assertThat(DecoyId.of(Suite.P256_SHA256, 7).value()).isEqualTo("~decoy~P256-SHA256~07~~~~~~~~~~~~~~~~~~~~~~");
    }

    @Test
    void noDecoyIdIsARecordIdAndNoRecordIdIsADecoyId() {
        for (DecoyId decoy : DecoyId.all()) {
            assertThatThrownBy(() -> new RecordId(decoy.value())).isInstanceOf(IllegalArgumentException.class);
        }
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            byte[] mac = new byte[32];
            random.nextBytes(mac);
            assertThat(DecoyId.isDecoy(RecordId.of(mac).value())).isFalse();
        }
    }

    @Test
    void aRecordIdIsFortyThreeBase64urlCharacters() {
        assertThat(new RecordId("A".repeat(42) + "_").value()).hasSize(43);
        assertThat(new RecordId("-".repeat(43)).prefix()).isEqualTo("--------");
        for (String bad : List.of("A".repeat(42), "A".repeat(44), "A".repeat(42) + "~", "A".repeat(42) + "=",
                "A".repeat(42) + "+", "A".repeat(42) + "/", " " + "A".repeat(42), "é" + "A".repeat(42))) {
            assertThatThrownBy(() -> new RecordId(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theBucketIsTakenFromTheRecordIdsLeadingBits() {
        String rest = "A".repeat(41);
        assertThat(DecoyId.forRecord(new RecordId("AA" + rest), Suite.P256_SHA256).bucket()).isZero();
        assertThat(DecoyId.forRecord(new RecordId("AB" + rest), Suite.P256_SHA256).bucket()).isEqualTo(1);
        assertThat(DecoyId.forRecord(new RecordId("AP" + rest), Suite.P256_SHA256).bucket()).isEqualTo(15);
        assertThat(DecoyId.forRecord(new RecordId("AQ" + rest), Suite.P256_SHA256).bucket()).isEqualTo(16 % DecoyId.BUCKETS);
        assertThat(DecoyId.forRecord(new RecordId("_" + "_" + rest), Suite.P256_SHA256).bucket()).isEqualTo(4095 % DecoyId.BUCKETS);
        assertThat(DecoyId.forRecord(new RecordId("AB" + rest), Suite.RISTRETTO255_SHA512))
                .isEqualTo(DecoyId.of(Suite.RISTRETTO255_SHA512, 1));
    }

    @Test
    void oneRecordIdAlwaysGetsTheSameDecoyAndManySpreadEvenlyOverTheBuckets() {
        Random random = new Random(42);
        int n = DecoyId.BUCKETS * 256;
        int[] hits = new int[DecoyId.BUCKETS];
        for (int i = 0; i < n; i++) {
            byte[] mac = new byte[32];
            random.nextBytes(mac);
            RecordId id = RecordId.of(mac);
            DecoyId decoy = DecoyId.forRecord(id, Suite.P256_SHA256);
            assertThat(DecoyId.forRecord(new RecordId(id.value()), Suite.P256_SHA256)).isSameAs(decoy);
            assertThat(DecoyId.forRecord(id, Suite.RISTRETTO255_SHA512).bucket()).isEqualTo(decoy.bucket());
            hits[decoy.bucket()]++;
        }
        // 256 expected per bucket; the standard deviation is about 15.5, so 5 of them either way never happens by chance.
        for (int bucket = 0; bucket < DecoyId.BUCKETS; bucket++) {
            assertThat(hits[bucket]).as("bucket %d", bucket).isBetween(256 - 78, 256 + 78);
        }
    }

    @Test
    void forgedDecoyIdsAreRefused() {
        assertThatThrownBy(() -> DecoyId.of(Suite.P256_SHA256, DecoyId.BUCKETS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DecoyId.of(Suite.P256_SHA256, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DecoyId(DecoyId.of(Suite.P256_SHA256, 3).value(), Suite.P256_SHA256, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DecoyId(DecoyId.of(Suite.P256_SHA256, 3).value(), Suite.RISTRETTO255_SHA512, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DecoyId.isDecoy("")).isFalse();
        assertThat(DecoyId.isDecoy(null)).isFalse();
    }

    @Test
    void aDecoyRowIsShapedLikeAnActiveRecordButServesNoLoginAndHasNoRecordId() {
        DecoyId id = DecoyId.of(Suite.RISTRETTO255_SHA512, 2);
        VaultRecord decoy = VaultRecord.decoy(id, new VaultKeys.DecoyMaterial(new byte[60], new byte[32], new byte[220],
                new byte[88]), Instant.EPOCH);
        assertThat(decoy.decoy()).isTrue();
        assertThat(decoy.storedId()).isEqualTo(id.value());
        assertThat(decoy.state()).isEqualTo(RecordState.ACTIVE);
        assertThat(decoy.attempts()).isZero();
        assertThat(decoy.maxAttempts()).isEqualTo(DecoyId.MAX_ATTEMPTS);
        assertThat(decoy.version()).isEqualTo(DecoyId.VERSION);
        assertThat(decoy.suite()).isEqualTo(Suite.RISTRETTO255_SHA512);
        assertThat(decoy.sealedRecord()).hasValueSatisfying(b -> assertThat(b).hasSize(220));
        assertThat(decoy.servesLogins(Suite.RISTRETTO255_SHA512)).isFalse();
        assertThatThrownBy(decoy::id).isInstanceOf(IllegalStateException.class);
        assertThat(decoy.toString()).contains(id.value()).contains("ACTIVE");

        VaultRecord record = new VaultRecord(RecordId.of(new byte[32]), Suite.RISTRETTO255_SHA512, 1, 10, new byte[60],
                new byte[32], new byte[220], new byte[88], Instant.EPOCH);
        assertThat(record.decoy()).isFalse();
        assertThat(record.servesLogins(Suite.RISTRETTO255_SHA512)).as("the same shape as a record serves").isTrue();
    }
}
