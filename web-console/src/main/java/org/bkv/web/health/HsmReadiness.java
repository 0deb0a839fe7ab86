package org.bkv.web.health;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.bkv.ejb.application.ApplianceStatus;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the HSM token answers a real PKCS#11 self-test. */
@Readiness
@ApplicationScoped
public class HsmReadiness implements HealthCheck {

    @EJB
    private ApplianceStatus status;

    @Override
    public HealthCheckResponse call() {
        return ProblemCheck.of("hsm", status.hsmProblem());
    }
}
