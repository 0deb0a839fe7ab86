package org.bkv.ejb.infrastructure.hsm;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditLog;

/**
 * The {@code server_key} table: software suite keys sealed by the KEK (the ristretto255 3DH key), shared by every
 * node. Creation commits on its own (REQUIRES_NEW) so that a key handed to clients is never rolled back.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ServerKeyStore {

    @PersistenceContext(unitName = "bkv")
    private EntityManager em;

    @EJB
    private AuditLog audit;

    public Optional<byte[]> find(String name) {
        return em.createNativeQuery("SELECT sealed FROM server_key WHERE name = ?1")
                .setParameter(1, name)
                .getResultStream()
                .findFirst()
                .map(b -> (byte[]) b);
    }

    /** Inserts a newly sealed key; fails (rolls back) if another node stored one first: read it then. */
    public void create(String name, byte[] sealed) {
        Instant now = Instant.now();
        em.createNativeQuery("INSERT INTO server_key (name, sealed, created_at) VALUES (?1, ?2, ?3)")
                .setParameter(1, name)
                .setParameter(2, sealed)
                .setParameter(3, Timestamp.from(now))
                .executeUpdate();
        audit.record(new AuditEvent(AuditEventType.SERVER_KEY_CREATED, now, Optional.empty(), "appliance", name));
    }
}
