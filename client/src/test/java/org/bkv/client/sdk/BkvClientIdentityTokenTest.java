package org.bkv.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.bkv.client.key.BackupKey;
import org.bkv.client.testing.FakeAppliance;
import org.bkv.opaque.Suite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client authentication JWT: the SDK sends the identity token on every call, and the storage token beside it. */
class BkvClientIdentityTokenTest {
    private static final String ALICE = "alice@example.org";
    private static final String JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZUBleGFtcGxlLm9yZyJ9.c2lnbmF0dXJl";

    private FakeAppliance fake;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeAppliance();
        fake.requireIdentityToken(JWT);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void everyVaultAndBackupCallCarriesTheIdentityTokenAskedForEachRequest(@TempDir Path dir) throws Exception {
        AtomicInteger asked = new AtomicInteger();
        BkvClient bkv = Clients.pinned(fake).identityTokens(() -> {
            asked.incrementAndGet();
            return JWT;
        }).build();
        BackupKey key = BackupKey.generate();
        bkv.escrow(ALICE, "pw".toCharArray(), key, Suite.P256_SHA256);
        RecoveredKey recovered = bkv.recover(ALICE, "pw".toCharArray(), Suite.P256_SHA256);
        assertThat(recovered.backupKey().toDigits()).isEqualTo(key.toDigits());
        bkv.escrowReplacing(ALICE, "pw2".toCharArray(), key, Suite.P256_SHA256, recovered.sessionToken());

        Path file = Files.write(dir.resolve("backup.bkv"), new byte[100_000]);
        bkv.upload(key, file, null);
        assertThat(bkv.backupInfo(key)).isPresent();
        Path back = dir.resolve("back.bkv");
        bkv.download(key, back, null);
        assertThat(Files.mismatch(file, back)).isEqualTo(-1);
        bkv.deleteBackup(key);
        bkv.deleteRecord(ALICE, null); // the identity token authorises the deletion
        assertThat(fake.hasRecord(ALICE)).isFalse();
        assertThat(asked.get()).as("asked once per request").isGreaterThanOrEqualTo(10);
    }

    @Test
    void withoutTheIdentityTokenTheApplianceRefusesAndNothingIsStored() {
        BkvClient bkv = Clients.pinned(fake).build();
        assertThatThrownBy(() -> bkv.escrow(ALICE, "pw".toCharArray(), BackupKey.generate(), Suite.P256_SHA256))
                .isInstanceOfSatisfying(ServerProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.hasCode("client-not-authenticated")).isTrue();
                });
        assertThat(fake.hasRecord(ALICE)).isFalse();
    }

    @Test
    void aSupplierThatGivesNoJwtStopsTheCallBeforeItIsSent() {
        BkvClient bkv = Clients.pinned(fake).identityTokens(() -> "not a jwt").build();
        int before = fake.requests().size();
        assertThatThrownBy(() -> bkv.recover(ALICE, "pw".toCharArray(), Suite.P256_SHA256))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no JWT").hasMessageNotContaining("not a jwt");
        assertThat(fake.requests()).hasSize(before);
    }
}
