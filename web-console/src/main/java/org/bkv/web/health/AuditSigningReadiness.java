package org.bkv.web.health;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.bkv.ejb.application.AuditService;
import org.bkv.ejb.infrastructure.audit.AuditSigningStatus;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the audit sequencer works and tree heads are being signed: when the HSM cannot sign, events still
 * fail closed with their changes, but no head vouches for them, and that must show (DESIGN §8).
 */
@Readiness
@ApplicationScoped
public class AuditSigningReadiness implements HealthCheck {

    @EJB
    private AuditService audit;

    @Override
    public HealthCheckResponse call() {
        AuditSigningStatus status = audit.signingStatus();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("audit")
                .withData("treeSize", status.treeSize())
                .withData("unsignedEvents", status.unsigned());
        status.lastSigned().ifPresent(head -> response.withData("lastSignedSize", head.size())
                .withData("lastSignedAt", head.timestampMillis()));
        if (status.problem().isPresent()) {
            response.down().withData("problem", status.problem().get());
            status.problemSince().ifPresent(since -> response.withData("since", since.toString()));
            return response.build();
        }
        return response.up().build();
    }
}
