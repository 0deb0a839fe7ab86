package org.bkv.ejb.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditLog;
import org.bkv.ejb.domain.policy.PolicySettings;
import org.bkv.ejb.domain.vault.Authorization;
import org.bkv.ejb.domain.vault.Identifier;
import org.bkv.ejb.domain.vault.InvalidRequestException;
import org.bkv.ejb.domain.vault.PendingRegistration;
import org.bkv.ejb.domain.vault.PendingRegistrationRepository;
import org.bkv.ejb.domain.vault.RecordId;
import org.bkv.ejb.domain.vault.RecordState;
import org.bkv.ejb.domain.vault.ReplaceNotAuthorisedException;
import org.bkv.ejb.domain.vault.SessionGrantRepository;
import org.bkv.ejb.domain.vault.UnknownRegistrationException;
import org.bkv.ejb.domain.vault.VaultException;
import org.bkv.ejb.domain.vault.VaultKeys;
import org.bkv.ejb.domain.vault.VaultRecord;
import org.bkv.ejb.domain.vault.VaultRecordRepository;
import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.RegistrationRecord;
import org.bkv.opaque.RegistrationRequest;
import org.bkv.opaque.Suite;

/**
 * Registration (DESIGN §4.2): start creates the per-record OPRF key and a pending registration; finish stores the
 * record, or replaces an existing one only when the caller owns it. Each call commits before it returns.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class RegistrationService {

    @EJB
    private VaultKeys keys;

    @EJB
    private PendingRegistrationRepository pending;

    @EJB
    private VaultRecordRepository records;

    @EJB
    private SessionGrantRepository sessions;

    @EJB
    private PolicyService policies;

    @EJB
    private AuditLog audit;

    private final Clock clock = Clock.systemUTC();

    public RegistrationStarted start(String identifier, String suite, byte[] registrationRequest, Authorization auth)
            throws VaultException {
        Identifier id = Identifier.of(identifier);
        PolicySettings policy = policies.current().settings();
        Suite s = Messages.allowedSuite(policy, suite);
        RegistrationRequest request = Messages.registrationRequest(s, registrationRequest);
        ClientAuthentication.require(policy, id, auth);
        RecordId recordId = keys.recordId(id);
        String registrationId = Tokens.newId();
        VaultKeys.RegistrationStart started = started(id, recordId, registrationId, request);
        Instant now = clock.instant();
        pending.add(new PendingRegistration(registrationId, recordId, s, started.sealedState(), started.wrappedOprfKey(),
                started.oprfPublicKey(), now, now.plus(policy.registrationTtl())));
        audit.record(AuditEvent.of(AuditEventType.REGISTRATION_STARTED, now, recordId.prefix(), s.wireName()));
        return new RegistrationStarted(registrationId, started.registrationResponse());
    }

    public Registered finish(String registrationId, byte[] registrationRecord, byte[] sealedBackupKey, Authorization auth)
            throws VaultException {
        Instant now = clock.instant();
        PendingRegistration p = pendingRegistration(registrationId, now);
        RegistrationRecord record = Messages.registrationRecord(p.suite(), registrationRecord);
        byte[] backupKey = Messages.sealedBackupKey(sealedBackupKey);
        PolicySettings policy = policies.current().settings();
        if (!pending.take(registrationId, now)) {
            throw new UnknownRegistrationException("registration already finished or expired");
        }
        RecordId recordId = p.recordId();
        Optional<VaultRecord> existing = records.findForUpdate(recordId);
        long version = existing.map(r -> r.version() + 1).orElse(1L);
        VaultKeys.RegistrationKeys opened = keys.finishRegistration(p, version);
        ClientAuthentication.require(policy, opened.identifier(), auth);
        boolean replacing = existing.filter(VaultRecord::exists).isPresent();
        if (replacing && !ClientAuthentication.ownsRecord(policy, auth, sessions, recordId, existing.get().version(), now)) {
            audit.record(AuditEvent.of(AuditEventType.REPLACE_REFUSED, now, recordId.prefix(), "no session token of this record"));
            throw new ReplaceNotAuthorisedException("the identifier has a record: replacing it needs a session token from its recovery");
        }
        byte[] sealedRecord = keys.sealRecord(recordId, version, record.serialize());
        byte[] sealedKey = keys.sealBackupKey(recordId, version, backupKey);
        byte[] oprfPublicKey = p.oprfPublicKey();
        if (existing.isPresent()) {
            existing.get().register(p.suite(), version, policy.maxAttempts(), opened.recordOprfKey(), oprfPublicKey,
                    sealedRecord, sealedKey, now);
            sessions.removeForRecord(recordId);
        } else {
            records.add(new VaultRecord(recordId, p.suite(), version, policy.maxAttempts(), opened.recordOprfKey(),
                    oprfPublicKey, sealedRecord, sealedKey, now));
        }
        audit.record(AuditEvent.of(replacing ? AuditEventType.RECORD_REPLACED : AuditEventType.RECORD_REGISTERED, now,
                recordId.prefix(), p.suite().wireName() + ", version " + version + ", maxAttempts " + policy.maxAttempts()));
        return new Registered(opened.identifier().value(), RecordState.ACTIVE);
    }

    private VaultKeys.RegistrationStart started(Identifier id, RecordId recordId, String registrationId,
                                                RegistrationRequest request) throws InvalidRequestException {
        try {
            return keys.startRegistration(id, recordId, registrationId, request);
        } catch (OpaqueException e) {
            throw new InvalidRequestException("registrationRequest rejected: " + e.getMessage());
        }
    }

    private PendingRegistration pendingRegistration(String registrationId, Instant now) throws UnknownRegistrationException {
        if (!Tokens.wellFormedId(registrationId)) {
            throw new UnknownRegistrationException("no such registration");
        }
        return pending.find(registrationId).filter(p -> !p.expiredAt(now))
                .orElseThrow(() -> new UnknownRegistrationException("no such registration, or it expired"));
    }
}
