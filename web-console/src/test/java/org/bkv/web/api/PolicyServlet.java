package org.bkv.web.api;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.bkv.ejb.application.PolicyService;
import org.bkv.ejb.domain.policy.LockoutAction;
import org.bkv.ejb.domain.policy.PolicySettings;

/**
 * Test-only (added to the deployment by {@link ApiScenarios}): puts a policy into force as an approved security officer
 * would. {@code POST /it/policy?maxAttempts=3&reveal=true} or {@code ?defaults}.
 */
@WebServlet("/it/policy")
public class PolicyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private transient PolicyService policies;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        PolicySettings settings = PolicySettings.DEFAULTS;
        if (req.getParameter("maxAttempts") != null) {
            settings = settings.withMaxAttempts(Integer.parseInt(req.getParameter("maxAttempts")))
                    .withLockout(LockoutAction.DESTROY, Boolean.parseBoolean(req.getParameter("reveal")));
        }
        if (req.getParameter("loginTtlSeconds") != null) {
            settings = settings.withLoginTtl(java.time.Duration.ofSeconds(Long.parseLong(req.getParameter("loginTtlSeconds"))));
        }
        if (req.getParameter("maxBackupBytes") != null) {
            settings = new PolicySettings(settings.maxAttempts(), settings.lockoutAction(), settings.revealLockout(),
                    settings.loginTtl(), settings.registrationTtl(), settings.sessionTtl(), settings.allowedSuites(),
                    settings.ratePerAddressPerMinute(), settings.ratePerIdentifierPerMinute(),
                    settings.backupRetention(), Long.parseLong(req.getParameter("maxBackupBytes")), settings.clientAuth());
        }
        if ("JWT".equals(req.getParameter("clientAuth"))) {
            settings = new PolicySettings(settings.maxAttempts(), settings.lockoutAction(), settings.revealLockout(),
                    settings.loginTtl(), settings.registrationTtl(), settings.sessionTtl(), settings.allowedSuites(),
                    settings.ratePerAddressPerMinute(), settings.ratePerIdentifierPerMinute(),
                    settings.backupRetention(), settings.maxBackupBytes(), org.bkv.ejb.domain.policy.ClientAuth.JWT);
        }
        policies.apply(settings, "it-security-officer");
        resp.setStatus(204);
    }
}
