package org.bkv.ejb.infrastructure.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bkv.ejb.audit.tree.CanonicalEvent;

/**
 * The canonical entry (the Merkle leaf's bytes, docs/AUDIT.md §2) of an audit event, built once by the node that
 * records it and stored as bytes: nothing ever re-canonicalises a stored event.
 */
final class AuditEntries {

    /** The extra members this log adds to the agreed ones of {@link CanonicalEvent}. */
    static final String ACTOR_KIND = "actorKind";
    static final String SUBJECT = "subject";

    private static final DateTimeFormatter RFC3339_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private AuditEntries() {
    }

    static byte[] entry(Instant at, String node, String type, String actorKind, String actor, String outcome,
                        Optional<String> subject, String detail) {
        Map<String, String> fields = new HashMap<>();
        fields.put(CanonicalEvent.TIME, RFC3339_MILLIS.format(at.truncatedTo(ChronoUnit.MILLIS)));
        fields.put(CanonicalEvent.NODE, node);
        fields.put(CanonicalEvent.TYPE, type);
        fields.put(ACTOR_KIND, actorKind);
        fields.put(CanonicalEvent.ACTOR, actor);
        fields.put(CanonicalEvent.OUTCOME, outcome);
        fields.put(CanonicalEvent.DETAILS, detail);
        subject.filter(s -> !s.isEmpty()).ifPresent(s -> fields.put(SUBJECT, s));
        return CanonicalEvent.toEntry(fields);
    }
}
