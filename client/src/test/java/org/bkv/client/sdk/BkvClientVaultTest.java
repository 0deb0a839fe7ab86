package org.bkv.client.sdk;

import org.bkv.client.key.BackupKey;
import org.bkv.client.testing.FakeAppliance;
import org.bkv.opaque.KsfProfile;
import org.bkv.opaque.Suite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Escrow, recovery, lockout, replacement and deletion through HTTPS against the test fake. */
class BkvClientVaultTest {

    private static final String ALICE = "alice@example.org";

    private FakeAppliance fake;
    private BkvClient bkv;

    @BeforeEach
    void start() throws IOException {
        fake = new FakeAppliance();
        bkv = Clients.pinned(fake).build();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void escrowedKeyIsRecoveredWithThePassword(Suite suite) throws Exception {
        BackupKey key = BackupKey.generate();
        bkv.escrow(ALICE, "correct horse".toCharArray(), key, suite);
        RecoveredKey recovered = bkv.recover(ALICE, "correct horse".toCharArray(), suite);
        assertThat(recovered.backupKey()).isEqualTo(key);
        assertThat(recovered.expiresIn()).isEqualTo(Duration.ofSeconds(300));
        assertThat(recovered.toString()).doesNotContain(recovered.sessionToken().bearerValue());
    }

    @Test
    void wrongPasswordSaysHowManyAttemptsRemain() throws Exception {
        bkv.escrow(ALICE, "right".toCharArray(), BackupKey.generate(), Suite.P256_SHA256);
        WrongPasswordException wrong = catchThrowableOfType(WrongPasswordException.class,
                () -> bkv.recover(ALICE, "wrong".toCharArray(), Suite.P256_SHA256));
        assertThat(wrong.attemptsRemaining()).hasValue(2);
        assertThat(wrong.getMessage()).isEqualTo("wrong password: 2 attempts left before this key is locked or destroyed");
        assertThat(fake.count("POST /api/v1/vault/logins/")).as("the garbage KE3 that learns the count").isEqualTo(1);
    }

    @Test
    void aCorrectPasswordResetsTheAttempts() throws Exception {
        bkv.escrow(ALICE, "right".toCharArray(), BackupKey.generate(), Suite.P256_SHA256);
        assertThatThrownBy(() -> bkv.recover(ALICE, "wrong".toCharArray(), Suite.P256_SHA256))
                .isInstanceOf(WrongPasswordException.class);
        bkv.recover(ALICE, "right".toCharArray(), Suite.P256_SHA256);
        WrongPasswordException wrong = catchThrowableOfType(WrongPasswordException.class,
                () -> bkv.recover(ALICE, "wrong".toCharArray(), Suite.P256_SHA256));
        assertThat(wrong.attemptsRemaining()).hasValue(2);
    }

    @Test
    void lockedRecordRejectsEvenTheRightPassword() throws Exception {
        bkv.escrow(ALICE, "right".toCharArray(), BackupKey.generate(), Suite.P256_SHA256);
        for (int remaining = 2; remaining >= 0; remaining--) {
            WrongPasswordException wrong = catchThrowableOfType(WrongPasswordException.class,
                    () -> bkv.recover(ALICE, "wrong".toCharArray(), Suite.P256_SHA256));
            assertThat(wrong.attemptsRemaining()).hasValue(remaining);
        }
        RecordLockedException locked = catchThrowableOfType(RecordLockedException.class,
                () -> bkv.recover(ALICE, "right".toCharArray(), Suite.P256_SHA256));
        assertThat(locked.status()).isEqualTo(423);
        assertThat(locked.code()).hasValue("record-locked");
    }

    @Test
    void unknownIdentifierLooksLikeAWrongPassword() {
        WrongPasswordException wrong = catchThrowableOfType(WrongPasswordException.class,
                () -> bkv.recover("nobody@example.org", "anything".toCharArray(), Suite.P256_SHA256));
        assertThat(wrong.attemptsRemaining()).isEmpty();
        assertThat(wrong.getMessage()).contains("wrong password").contains("no key is escrowed");
    }

    @Test
    void recordOpensOnlyWithTheKsfItWasEscrowedWith() throws Exception {
        bkv.escrow(ALICE, "right".toCharArray(), BackupKey.generate(), Suite.RISTRETTO255_SHA512);
        BkvClient lighter = Clients.pinned(fake).ksf(KsfProfile.LIGHT.ksf()).build();
        assertThatThrownBy(() -> lighter.recover(ALICE, "right".toCharArray(), Suite.RISTRETTO255_SHA512))
                .isInstanceOf(WrongPasswordException.class);
    }

    @Test
    void replacingARecordNeedsASessionToken() throws Exception {
        bkv.escrow(ALICE, "first".toCharArray(), BackupKey.generate(), Suite.P256_SHA256);
        ServerProblemException refused = catchThrowableOfType(ServerProblemException.class,
                () -> bkv.escrow(ALICE, "second".toCharArray(), BackupKey.generate(), Suite.P256_SHA256));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).hasValue("replace-not-authorised");

        RecoveredKey session = bkv.recover(ALICE, "first".toCharArray(), Suite.P256_SHA256);
        BackupKey newKey = BackupKey.generate();
        bkv.escrowReplacing(ALICE, "second".toCharArray(), newKey, Suite.P256_SHA256, session.sessionToken());
        assertThat(bkv.recover(ALICE, "second".toCharArray(), Suite.P256_SHA256).backupKey()).isEqualTo(newKey);
    }

    @Test
    void deleteRecordWithTheSessionToken() throws Exception {
        bkv.escrow(ALICE, "pw".toCharArray(), BackupKey.generate(), Suite.P256_SHA256);
        RecoveredKey session = bkv.recover(ALICE, "pw".toCharArray(), Suite.P256_SHA256);
        bkv.deleteRecord(ALICE, session.sessionToken());
        assertThat(fake.hasRecord(ALICE)).isFalse();
        ServerProblemException refused = catchThrowableOfType(ServerProblemException.class,
                () -> bkv.deleteRecord(ALICE, SessionToken.of("bm90LWEtdG9rZW4")));
        assertThat(refused.status()).isEqualTo(401);
    }

    @Test
    void identifiersArePercentEncodedInThePath() throws Exception {
        String odd = "bob/../x y?#%";
        bkv.escrow(odd, "pw".toCharArray(), BackupKey.generate(), Suite.P256_SHA256);
        RecoveredKey session = bkv.recover(odd, "pw".toCharArray(), Suite.P256_SHA256);
        bkv.deleteRecord(odd, session.sessionToken());
        assertThat(fake.hasRecord(odd)).isFalse();
    }

    @Test
    void loginStartIsNeverRetried() {
        fake.inject("POST", "/api/v1/vault/logins", new FakeAppliance.Refuse(503, "service-unavailable", 0));
        ServiceUnavailableException unavailable = catchThrowableOfType(ServiceUnavailableException.class,
                () -> bkv.recover(ALICE, "pw".toCharArray(), Suite.P256_SHA256));
        assertThat(unavailable.retryAfter()).hasValue(Duration.ZERO);
        assertThat(fake.count("POST /api/v1/vault/logins")).isEqualTo(1);
    }

    @Test
    void aDroppedLoginStartIsNotResent() {
        fake.inject("POST", "/api/v1/vault/logins", new FakeAppliance.Drop());
        assertThatThrownBy(() -> bkv.recover(ALICE, "pw".toCharArray(), Suite.P256_SHA256))
                .isInstanceOf(ServerUnreachableException.class);
        assertThat(fake.count("POST /api/v1/vault/logins")).isEqualTo(1);
    }

    @Test
    void aDroppedRegistrationIsSentOnceMore() throws Exception {
        fake.inject("POST", "/api/v1/vault/registrations", new FakeAppliance.Drop());
        bkv.escrow(ALICE, "pw".toCharArray(), BackupKey.generate(), Suite.P256_SHA256);
        assertThat(fake.count("POST /api/v1/vault/registrations")).isEqualTo(2);
    }

    @Test
    void registrationIsRetriedPolitelyAfter503() throws Exception {
        fake.inject("POST", "/api/v1/vault/registrations", new FakeAppliance.Refuse(503, "service-unavailable", 0));
        fake.inject("PUT", "/api/v1/vault/registrations/", new FakeAppliance.Refuse(429, "rate-limited", 0));
        BackupKey key = BackupKey.generate();
        bkv.escrow(ALICE, "pw".toCharArray(), key, Suite.P256_SHA256);
        assertThat(fake.count("POST /api/v1/vault/registrations")).isEqualTo(2);
        assertThat(fake.count("PUT /api/v1/vault/registrations/")).isEqualTo(2);
        assertThat(bkv.recover(ALICE, "pw".toCharArray(), Suite.P256_SHA256).backupKey()).isEqualTo(key);
    }

    @Test
    void retriesStopWhenTheServerAsksForTooLongAWait() {
        fake.inject("POST", "/api/v1/vault/registrations", new FakeAppliance.Refuse(429, "rate-limited", 3600));
        ServiceUnavailableException limited = catchThrowableOfType(ServiceUnavailableException.class,
                () -> bkv.escrow(ALICE, "pw".toCharArray(), BackupKey.generate(), Suite.P256_SHA256));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.retryAfter()).hasValue(Duration.ofHours(1));
        assertThat(fake.count("POST /api/v1/vault/registrations")).isEqualTo(1);
    }

    @Test
    void exceptionsNeverHoldThePassword() {
        fake.inject("POST", "/api/v1/vault/registrations", new FakeAppliance.Refuse(400, "invalid-request", null));
        ServerProblemException refused = catchThrowableOfType(ServerProblemException.class,
                () -> bkv.escrow(ALICE, "hunter2-secret".toCharArray(), BackupKey.generate(), Suite.P256_SHA256));
        assertThat(refused.getMessage()).contains("HTTP 400").contains("invalid-request").doesNotContain("hunter2");
    }

    @Test
    void identifierMustBe1To256Bytes() {
        assertThatThrownBy(() -> bkv.escrow("", "pw".toCharArray(), BackupKey.generate(), Suite.P256_SHA256))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bkv.recover("é".repeat(129), "pw".toCharArray(), Suite.P256_SHA256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 258");
    }
}
