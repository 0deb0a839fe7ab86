package org.bkv.ejb.domain.audit;

/** How the audited action ended: it happened, it was attempted and failed, or the appliance refused it. */
public enum AuditOutcome {
    SUCCESS,
    FAILURE,
    REFUSED
}
