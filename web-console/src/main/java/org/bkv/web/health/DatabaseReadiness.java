package org.bkv.web.health;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.bkv.ejb.application.ApplianceStatus;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the database answers a real query. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @EJB
    private ApplianceStatus status;

    @Override
    public HealthCheckResponse call() {
        return ProblemCheck.of("database", status.databaseProblem());
    }
}
