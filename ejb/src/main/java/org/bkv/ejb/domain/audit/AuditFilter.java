package org.bkv.ejb.domain.audit;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.bkv.ejb.domain.console.ConsoleInputException;

/**
 * What the console's audit page filters on: a time range [from, to) in UTC, one event type of the closed set, an
 * exact actor, an outcome. Every part is optional. {@link #parse} turns the form's text into a filter or refuses the
 * first bad field (by its name, so the console can show the message beside it).
 */
public record AuditFilter(Optional<Instant> from, Optional<Instant> to, Optional<AuditEventType> type,
                          Optional<String> actor, Optional<AuditOutcome> outcome) implements Serializable {

    public static final AuditFilter NONE = new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    /** Blank means "any". Times: {@code 2026-11-27} or {@code 2026-11-27 17:40}, UTC. */
    public static AuditFilter parse(String from, String to, String type, String actor, String outcome)
            throws ConsoleInputException {
        Optional<Instant> start = time("from", from);
        Optional<Instant> end = time("to", to);
        if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
            throw new ConsoleInputException("to", "must be later than From");
        }
        Optional<AuditEventType> eventType = blank(type) ? Optional.empty() : Optional.of(oneOf(AuditEventType.class, "type", type));
        Optional<AuditOutcome> result = blank(outcome) ? Optional.empty() : Optional.of(oneOf(AuditOutcome.class, "outcome", outcome));
        Optional<String> who = Optional.empty();
        if (!blank(actor)) {
            String a = actor.strip();
            if (a.length() > AuditEvent.MAX_ACTOR || a.chars().anyMatch(Character::isISOControl)) {
                throw new ConsoleInputException("actor", "an actor is 1 to " + AuditEvent.MAX_ACTOR + " printable characters");
            }
            who = Optional.of(a);
        }
        return new AuditFilter(start, end, eventType, who, result);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** A short, non-secret description for the export's audit event. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        from.ifPresent(t -> s.append(" from ").append(t));
        to.ifPresent(t -> s.append(" to ").append(t));
        type.ifPresent(t -> s.append(" type ").append(t));
        actor.ifPresent(a -> s.append(" actor ").append(a));
        outcome.ifPresent(o -> s.append(" outcome ").append(o));
        return s.length() == 0 ? "no filter" : s.substring(1);
    }

    private static Optional<Instant> time(String field, String text) throws ConsoleInputException {
        if (blank(text)) {
            return Optional.empty();
        }
        String t = text.strip();
        try {
            return Optional.of(t.length() <= 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : LocalDateTime.parse(t, MINUTES).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw new ConsoleInputException(field, "use 2026-11-27 or 2026-11-27 17:40 (UTC)");
        }
    }

    private static <E extends Enum<E>> E oneOf(Class<E> set, String field, String name) throws ConsoleInputException {
        try {
            return Enum.valueOf(set, name.strip());
        } catch (IllegalArgumentException e) {
            throw new ConsoleInputException(field, "not one of the listed values");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
