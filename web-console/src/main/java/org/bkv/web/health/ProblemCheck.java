package org.bkv.web.health;

import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;

/** A check that is UP when there is no problem, else DOWN with the problem as its {@code problem} data. */
final class ProblemCheck {

    private ProblemCheck() {
    }

    static HealthCheckResponse of(String name, Optional<String> problem) {
        return problem
                .map(p -> HealthCheckResponse.named(name).down().withData("problem", p).build())
                .orElseGet(() -> HealthCheckResponse.named(name).up().build());
    }
}
