package org.bkv.ejb.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditLog;
import org.bkv.ejb.domain.policy.PolicySettings;
import org.bkv.ejb.domain.vault.Authorization;
import org.bkv.ejb.domain.vault.DecoyId;
import org.bkv.ejb.domain.vault.Identifier;
import org.bkv.ejb.domain.vault.InvalidRequestException;
import org.bkv.ejb.domain.vault.LoginSession;
import org.bkv.ejb.domain.vault.LoginSessionRepository;
import org.bkv.ejb.domain.vault.RecordId;
import org.bkv.ejb.domain.vault.RecordLockedException;
import org.bkv.ejb.domain.vault.RecordState;
import org.bkv.ejb.domain.vault.RecoveryFailedException;
import org.bkv.ejb.domain.vault.SessionGrant;
import org.bkv.ejb.domain.vault.SessionGrantRepository;
import org.bkv.ejb.domain.vault.UnknownLoginException;
import org.bkv.ejb.domain.vault.VaultException;
import org.bkv.ejb.domain.vault.VaultKeys;
import org.bkv.ejb.domain.vault.VaultRecord;
import org.bkv.ejb.domain.vault.VaultRecordRepository;
import org.bkv.opaque.KE1;
import org.bkv.opaque.KE3;
import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.Suite;

/**
 * Recovery (DESIGN §4.2): one login start is one password guess. The attempt is consumed, the sealed login state
 * stored and both audited in one transaction that commits before KE2 is returned (REQUIRES_NEW: also when the
 * caller has a transaction of its own). Unknown identifiers, other suites and hidden lockouts get fake KE2s, whose
 * database work is done on a decoy row ({@link DecoyRows}), at the start and at the finish alike.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class RecoveryService {

    @EJB
    private VaultKeys keys;

    @EJB
    private VaultRecordRepository records;

    @EJB
    private LoginSessionRepository logins;

    @EJB
    private SessionGrantRepository sessions;

    @EJB
    private AttemptLimiter attempts;

    @EJB
    private DecoyRows decoys;

    @EJB
    private DecoyRowKeeper decoyKeeper;

    @EJB
    private PolicyService policies;

    @EJB
    private AuditLog audit;

    private final Clock clock = Clock.systemUTC();

    public LoginStarted start(String identifier, String suite, byte[] ke1, Authorization auth) throws VaultException {
        Identifier id = Identifier.of(identifier);
        PolicySettings policy = policies.current().settings();
        Suite s = Messages.allowedSuite(policy, suite);
        KE1 message = Messages.ke1(s, ke1);
        ClientAuthentication.require(policy, id, auth);
        RecordId recordId = keys.recordId(id);
        Instant now = clock.instant();
        DecoyId decoy = DecoyId.forRecord(recordId, s);
        Optional<VaultRecord> row = records.findForLogin(recordId, decoy);
        if (row.isEmpty()) { // neither the record nor its decoy: the decoy was deleted outside the appliance
            decoyKeeper.restore(decoy);
        }
        Optional<VaultRecord> record = row.filter(r -> !r.decoy());
        Optional<VaultRecord> serving = record.filter(r -> r.servesLogins(s));
        if (serving.isEmpty() && record.filter(r -> r.exists() && r.suite() == s).isPresent()) {
            return lockedOrFake(id, recordId, decoy, record.get(), message, policy, now);
        }
        if (serving.isEmpty()) {
            return fake(id, recordId, decoy, message, policy, now);
        }
        String loginId = Tokens.newId();
        long version = serving.get().version();
        VaultKeys.LoginStart started = ke2(id, recordId, message, serving, loginId, version);
        if (!attempts.consume(recordId, s, now)) {
            return lockedOrFake(id, recordId, decoy, serving.get(), message, policy, now);
        }
        return served(loginId, recordId, version, s, started, true, policy, now);
    }

    public Recovered finish(String loginId, byte[] ke3) throws VaultException {
        Instant now = clock.instant();
        LoginSession login = Optional.of(loginId).filter(Tokens::wellFormedId).flatMap(logins::find)
                .orElseThrow(() -> new UnknownLoginException("no such login"));
        KE3 message = Messages.ke3(login.suite(), ke3);
        PolicySettings policy = policies.current().settings();
        RecordId recordId = login.recordId();
        DecoyId decoy = DecoyId.forRecord(recordId, login.suite());
        Optional<VaultRecord> record = login.counted()
                ? records.findForUpdate(recordId) // serialises with lockouts of this record
                : decoys.readForFinish(decoy); // a fake's: its decoy's row, read and locked by the same statement
        if (!logins.markUsed(loginId, now)) {
            throw new UnknownLoginException("no such login, or it expired or was used");
        }
        boolean valid = keys.finishLogin(login, message);
        if (valid && login.counted() && records.resetAttempts(recordId, login.recordVersion(), now)) {
            return recovered(record.orElseThrow(), policy, now);
        }
        audit.record(AuditEvent.of(AuditEventType.RECOVERY_FAILED, now, recordId.prefix(),
                login.counted() ? "wrong KE3; the attempt stays counted" : "fake login"));
        if (login.counted()) {
            attempts.lockIfExhausted(recordId, policy, now);
        } else {
            decoys.lockoutCheck(decoy, policy, now);
        }
        throw new RecoveryFailedException(attemptsRemaining(login, record, policy));
    }

    /** A record of this suite with no attempt left: 423, or a fake when policy hides lockout. Locks it if it may now. */
    private LoginStarted lockedOrFake(Identifier id, RecordId recordId, DecoyId decoy, VaultRecord record, KE1 ke1,
                                      PolicySettings policy, Instant now) throws VaultException {
        if (record.state() != RecordState.LOCKED) { // a LOCKED row is past the lockout UPDATE's WHERE clause
            attempts.lockIfExhausted(recordId, policy, now);
        }
        if (policy.revealLockout()) {
            audit.record(AuditEvent.of(AuditEventType.LOGIN_REFUSED_LOCKED, now, recordId.prefix(), "no attempts left"));
            throw new RecordLockedException();
        }
        return fake(id, recordId, decoy, ke1, policy, now);
    }

    /**
     * A fake KE2 (unknown identifier, a record of another suite, a deleted, locked or used-up one). Its database work is
     * a real login start's: the look-up has read one row (the record's, or its decoy's when there is none) and the
     * counter UPDATE writes the decoy's row in place of the record's. The login row and the audit event name the
     * requested record id, never the decoy, so finishing fails like a wrong password, as before.
     */
    private LoginStarted fake(Identifier id, RecordId recordId, DecoyId decoy, KE1 ke1, PolicySettings policy, Instant now)
            throws VaultException {
        String loginId = Tokens.newId();
        VaultKeys.LoginStart fake = ke2(id, recordId, ke1, Optional.empty(), loginId, 0);
        decoys.count(decoy, now);
        return served(loginId, recordId, 0, ke1.suite(), fake, false, policy, now);
    }

    private LoginStarted served(String loginId, RecordId recordId, long version, Suite suite, VaultKeys.LoginStart started,
                                boolean counted, PolicySettings policy, Instant now) {
        logins.add(new LoginSession(loginId, recordId, version, suite, started.sealedState(), counted, now,
                now.plus(policy.loginTtl())));
        audit.record(AuditEvent.of(counted ? AuditEventType.ATTEMPT_COUNTED : AuditEventType.FAKE_LOGIN_SERVED, now,
                recordId.prefix(), suite.wireName()));
        return new LoginStarted(loginId, started.ke2());
    }

    private Recovered recovered(VaultRecord record, PolicySettings policy, Instant now) {
        byte[] backupKey = keys.openBackupKey(record.id(), record.version(), record.sealedBackupKey().orElseThrow());
        String token = Tokens.newSessionToken();
        sessions.add(new SessionGrant(Tokens.hash(token), record.id(), record.version(), now, now.plus(policy.sessionTtl())));
        audit.record(AuditEvent.of(AuditEventType.RECOVERY_SUCCEEDED, now, record.id().prefix(), "attempts reset"));
        return new Recovered(backupKey, token, policy.sessionTtl());
    }

    private VaultKeys.LoginStart ke2(Identifier id, RecordId recordId, KE1 ke1, Optional<VaultRecord> record,
                                     String loginId, long version) throws InvalidRequestException {
        try {
            return keys.startLogin(id, recordId, ke1, record, loginId, version);
        } catch (OpaqueException e) {
            throw new InvalidRequestException("ke1 rejected: " + e.getMessage());
        }
    }

    /** Only when policy reveals lockout, and only for real records (a fake login has nothing to count down). */
    private static OptionalInt attemptsRemaining(LoginSession login, Optional<VaultRecord> record, PolicySettings policy) {
        if (!policy.revealLockout() || !login.counted() || record.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Math.max(0, record.get().maxAttempts() - record.get().attempts()));
    }
}
