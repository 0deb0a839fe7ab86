package org.bkv.ejb.domain.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One audit event. Never holds a secret or a full identifier: {@code subject} is at most a short prefix of a
 * record id (the identifier's HMAC), {@code detail} a fixed phrase with non-secret numbers. The node that
 * records it and its leaf index are added by the log.
 */
public record AuditEvent(AuditEventType type, Instant at, Optional<String> subject, ActorKind actorKind, String actor,
                         AuditOutcome outcome, String detail) {

    public static final int MAX_DETAIL = 512;
    public static final int MAX_ACTOR = 64;
    public static final int MAX_SUBJECT = 16;

    /** The actor of API events recorded without the client's address. */
    public static final String API_CLIENT = "client";
    /** The actor of events the appliance records on its own. */
    public static final String APPLIANCE = "appliance";

    public AuditEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(actorKind, "actorKind");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        if (actor.isEmpty() || actor.length() > MAX_ACTOR) {
            throw new IllegalArgumentException("audit actor must be 1.." + MAX_ACTOR + " characters");
        }
        if (subject.isPresent() && subject.get().length() > MAX_SUBJECT) {
            throw new IllegalArgumentException("audit subject is at most a " + MAX_SUBJECT + "-character prefix");
        }
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL);
        }
    }

    /**
     * The vault's original five-part form, kept source-compatible: the kind is read from the actor
     * ({@value #API_CLIENT} is an API client, {@value #APPLIANCE} or {@code system} the appliance, anything
     * else a console user) and the outcome is the type's default.
     */
    public AuditEvent(AuditEventType type, Instant at, Optional<String> subject, String actor, String detail) {
        this(type, at, subject, kindOf(actor), actor, type.defaultOutcome(), detail);
    }

    /** An API client's event without its address (the vault services' form). */
    public static AuditEvent of(AuditEventType type, Instant at, String subject, String detail) {
        return new AuditEvent(type, at, Optional.ofNullable(subject), ActorKind.API_CLIENT, API_CLIENT,
                type.defaultOutcome(), detail);
    }

    /** A console user's action, now. */
    public static AuditEvent console(AuditEventType type, String user, AuditOutcome outcome, String detail) {
        return new AuditEvent(type, Instant.now(), Optional.empty(), ActorKind.CONSOLE_USER, user, outcome, detail);
    }

    /** An API client's action, now: its network address and, when there is one, the record id prefix. */
    public static AuditEvent api(AuditEventType type, String address, String subjectPrefix, AuditOutcome outcome,
                                 String detail) {
        return new AuditEvent(type, Instant.now(), Optional.ofNullable(subjectPrefix), ActorKind.API_CLIENT, address,
                outcome, detail);
    }

    /** Something the appliance did on its own (housekeeping, HSM recycling), now. */
    public static AuditEvent system(AuditEventType type, AuditOutcome outcome, String detail) {
        return new AuditEvent(type, Instant.now(), Optional.empty(), ActorKind.SYSTEM, APPLIANCE, outcome, detail);
    }

    private static ActorKind kindOf(String actor) {
        if (API_CLIENT.equals(actor)) {
            return ActorKind.API_CLIENT;
        }
        if (APPLIANCE.equals(actor) || "system".equals(actor)) {
            return ActorKind.SYSTEM;
        }
        return ActorKind.CONSOLE_USER;
    }
}
