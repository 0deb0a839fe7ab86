package org.bkv.ejb.application;

import org.bkv.ejb.domain.vault.RecordState;

/** Answer to a registration finish (201): the identifier and the record's state. */
public record Registered(String identifier, RecordState state) {
}
