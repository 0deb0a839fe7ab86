package org.bkv.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import java.util.OptionalInt;
import org.bkv.ejb.domain.backup.UnknownBackupException;
import org.bkv.ejb.domain.vault.RecordLockedException;
import org.bkv.ejb.domain.vault.RecoveryFailedException;
import org.bkv.hsm.HsmUnavailableException;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {

    @Test
    void hsmFailureWrappedByTheContainerIs503WithRetryAfter() {
        ProblemException p = ProblemMapper.problem(new EJBException(new HsmUnavailableException("token removed, pin 1234")));
        assertThat(p.status()).isEqualTo(503);
        assertThat(p.retryAfterSeconds()).hasValue(5);
        assertThat(ProblemMapper.body(p)).contains("\"code\":\"service-unavailable\"", "\"status\":503").doesNotContain("1234");
    }

    @Test
    void databaseDownIs503() {
        ProblemException p = ProblemMapper.problem(new EJBException(new PersistenceException("x",
                new SQLTransientConnectionException("connection refused"))));
        assertThat(p.status()).isEqualTo(503);
        assertThat(p.code()).isEqualTo("service-unavailable");
    }

    @Test
    void aCommitTheDatabaseFailedIs503() {
        // As Payara reported a full disk: H2 failed its write at commit, the container's transaction failed to complete.
        jakarta.transaction.SystemException system = new jakarta.transaction.SystemException();
        system.initCause(new javax.transaction.xa.XAException(
                "jakarta.resource.spi.LocalTransactionException: Writing to FileChannelImpl failed"));
        ProblemException p = ProblemMapper.problem(new EJBException("Unable to complete container-managed transaction.", system));
        assertThat(p.status()).isEqualTo(503);
        assertThat(p.code()).isEqualTo("service-unavailable");
        assertThat(p.retryAfterSeconds()).hasValue(5);
        assertThat(ProblemMapper.problem(new EJBException(new jakarta.resource.spi.LocalTransactionException("commit failed")))
                .status()).isEqualTo(503);
    }

    @Test
    void aConstraintViolationIsAConflictNotAnOutage() {
        ProblemException p = ProblemMapper.problem(new PersistenceException("dup",
                new SQLIntegrityConstraintViolationException("duplicate key", "23505")));
        assertThat(p.status()).isEqualTo(409);
        assertThat(p.code()).isEqualTo("conflict");
    }

    @Test
    void recoveryFailureCarriesAttemptsRemainingOnlyWhenKnown() {
        ProblemException revealed = ProblemMapper.problem(new RecoveryFailedException(OptionalInt.of(3)));
        assertThat(revealed.status()).isEqualTo(401);
        assertThat(revealed.code()).isEqualTo("recovery-failed");
        assertThat(revealed.extensions()).containsEntry("attemptsRemaining", 3);
        assertThat(ProblemMapper.problem(new RecoveryFailedException(OptionalInt.empty())).extensions()).isEmpty();
    }

    @Test
    void typedVaultFailuresKeepTheirStatusAndCode() {
        assertThat(ProblemMapper.problem(new EJBException(new RecordLockedException())).code()).isEqualTo("record-locked");
        assertThat(ProblemMapper.problem(UnknownBackupException.noCopy()).code()).isEqualTo("no-backup");
        assertThat(ProblemMapper.problem(UnknownBackupException.noSlot()).status()).isEqualTo(404);
    }

    @Test
    void anythingUnexpectedIsABare500ThatLeaksNothing() {
        ProblemException p = ProblemMapper.problem(new IllegalStateException("secret key 0xdeadbeef"));
        assertThat(p.status()).isEqualTo(500);
        assertThat(ProblemMapper.body(p)).contains("internal-error").doesNotContain("deadbeef");
    }
}
