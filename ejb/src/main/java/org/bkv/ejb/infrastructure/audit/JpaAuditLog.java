package org.bkv.ejb.infrastructure.audit;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;
import org.bkv.ejb.domain.audit.ActorKind;
import org.bkv.ejb.domain.audit.ApiCaller;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditLog;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes each event into {@code audit_event} in the caller's transaction (MANDATORY: an event outside a transaction
 * would be a bug), with its canonical entry (the future Merkle leaf) already built by this node. If the insert fails
 * the exception rolls the operation back: no event, no operation. The leaf index comes later, from the sequencer
 * ({@link AuditSequencer}), once the transaction has committed; the insert touches no shared row, so audited
 * operations never wait for each other here.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class JpaAuditLog implements AuditLog {

    @PersistenceContext(unitName = "bkv")
    private EntityManager em;

    @Inject
    @ConfigProperty(name = NodeName.KEY)
    private Optional<String> configuredNode;

    private String node;

    @Inject
    private Instance<ApiCaller> caller;

    public JpaAuditLog() {
        // for the container
    }

    /** Outside a container (tests with a RESOURCE_LOCAL persistence unit): this host's name as the node. */
    public JpaAuditLog(EntityManager em) {
        this(em, NodeName.resolve(null));
    }

    /** Outside a container, as the named node. */
    public JpaAuditLog(EntityManager em, String node) {
        this.em = em;
        this.node = NodeName.resolve(node);
    }

    @Override
    public void record(AuditEvent event) {
        if (node == null) {
            node = NodeName.resolve(configuredNode.orElse(null));
        }
        event = withCallerAddress(event);
        Optional<String> subject = event.subject().filter(s -> !s.isEmpty());
        byte[] entry = AuditEntries.entry(event.at(), node, event.type().name(), event.actorKind().name(), event.actor(),
                event.outcome().name(), subject, event.detail());
        em.createNativeQuery("INSERT INTO audit_event (id, occurred_at, event_type, subject, actor_kind, actor, node,"
                        + " outcome, detail, entry) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
                .setParameter(1, UUID.randomUUID().toString())
                .setParameter(2, Timestamp.from(event.at()))
                .setParameter(3, event.type().name())
                .setParameter(4, subject.orElse(""))
                .setParameter(5, event.actorKind().name())
                .setParameter(6, event.actor())
                .setParameter(7, node)
                .setParameter(8, event.outcome().name())
                .setParameter(9, event.detail())
                .setParameter(10, entry)
                .executeUpdate();
    }

    /** An API client's event recorded without an address gets the address of this request's caller, if known. */
    private AuditEvent withCallerAddress(AuditEvent event) {
        if (caller == null || event.actorKind() != ActorKind.API_CLIENT || !AuditEvent.API_CLIENT.equals(event.actor())) {
            return event;
        }
        Optional<String> address;
        try {
            address = caller.isResolvable() ? caller.get().address() : Optional.empty();
        } catch (ContextNotActiveException e) {
            address = Optional.empty(); // no request: a timer or a test outside the API
        }
        return address.map(a -> new AuditEvent(event.type(), event.at(), event.subject(), event.actorKind(), a,
                event.outcome(), event.detail())).orElse(event);
    }
}
