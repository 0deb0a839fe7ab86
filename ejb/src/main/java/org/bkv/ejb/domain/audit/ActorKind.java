package org.bkv.ejb.domain.audit;

/**
 * Who acted, by kind: a console user (the actor is the user name), an API client (the actor is its network
 * address; the event's subject may be the identifier HMAC prefix), or the appliance itself (the actor is a
 * component name such as {@code appliance}).
 */
public enum ActorKind {
    CONSOLE_USER,
    API_CLIENT,
    SYSTEM
}
