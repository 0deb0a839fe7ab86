package org.bkv.web.health;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import org.bkv.ejb.application.CryptoWarmUp;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the OPAQUE code is warmed up (a few seconds after start), nor ever if that failed. */
@Readiness
@ApplicationScoped
public class WarmUpReadiness implements HealthCheck {

    @EJB
    private CryptoWarmUp warmUp;

    @Override
    public HealthCheckResponse call() {
        return ProblemCheck.of("warm-up", warmUp.problem());
    }
}
