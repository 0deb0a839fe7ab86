package org.bkv.ejb.infrastructure.audit;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventQuery;
import org.bkv.ejb.domain.audit.AuditEventType;

/** Reads {@code audit_event} (V2's interim table). The only class that knows how the console reads audit rows. */
@Stateless
public class JpaAuditEventQuery implements AuditEventQuery {

    @PersistenceContext(unitName = "bkv")
    private EntityManager em;

    @Override
    public List<AuditEvent> recent(Set<AuditEventType> types, Instant since, int max) {
        if (types.isEmpty()) {
            return List.of();
        }
        List<String> names = types.stream().map(Enum::name).sorted().toList();
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            in.append(i == 0 ? "?" : ", ?").append(i + 2);
        }
        jakarta.persistence.Query query = em.createNativeQuery("SELECT event_type, occurred_at, subject, actor, detail"
                        + " FROM audit_event WHERE occurred_at >= ?1 AND event_type IN (" + in + ") ORDER BY occurred_at DESC")
                .setParameter(1, Timestamp.from(since))
                .setMaxResults(max);
        for (int i = 0; i < names.size(); i++) {
            query.setParameter(i + 2, names.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new AuditEvent(AuditEventType.valueOf((String) r[0]), ((Timestamp) r[1]).toInstant(),
                Optional.ofNullable((String) r[2]).filter(s -> !s.isEmpty()), (String) r[3], (String) r[4])).toList();
    }
}
