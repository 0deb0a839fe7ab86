package org.bkv.ejb.application;

/** Answer to a registration start: the id to finish with and the RFC 9807 RegistrationResponse. */
public record RegistrationStarted(String registrationId, byte[] registrationResponse) {
}
