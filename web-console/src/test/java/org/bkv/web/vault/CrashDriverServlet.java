package org.bkv.web.vault;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.bkv.ejb.application.RecoveryService;
import org.bkv.ejb.application.RegistrationService;
import org.bkv.ejb.domain.vault.Authorization;
import org.bkv.ejb.domain.vault.Identifier;
import org.bkv.ejb.domain.vault.RecoveryFailedException;
import org.bkv.ejb.domain.vault.VaultException;
import org.bkv.ejb.domain.vault.VaultKeys;
import org.bkv.opaque.AuthenticationException;
import org.bkv.opaque.Suite;

/**
 * Test-only driver, added to a copy of the WAR by {@link VaultCrashSafetyIT} (never part of the shipped WAR): one HTTP
 * call = one complete vault operation run inside the appliance process, so killing the process kills both sides and
 * the test knows an outcome only if the response arrived.
 */
@WebServlet("/crash-driver/*")
public class CrashDriverServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private transient RegistrationService registration;

    @EJB
    private transient RecoveryService recovery;

    static byte[] backupKeyOf(String identifier) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(identifier.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @EJB
    private transient VaultKeys keys;

    /** {@code /ready}; {@code /recordid?id=…} the stored record id of an identifier (the test cannot use the HSM). */
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("/recordid".equals(req.getPathInfo())) {
            try {
                resp.getWriter().write(keys.recordId(Identifier.of(req.getParameter("id"))).value());
            } catch (VaultException e) {
                resp.sendError(e.httpStatus());
            }
            return;
        }
        resp.getWriter().write("ready");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String id = req.getParameter("id");
        Suite suite = "r".equals(req.getParameter("suite")) ? Suite.RISTRETTO255_SHA512 : Suite.P256_SHA256;
        VaultClient client = new VaultClient(registration, recovery);
        try {
            switch (String.valueOf(req.getPathInfo())) {
                case "/register" -> {
                    client.register(id, suite, req.getParameter("pw"), backupKeyOf(id), Authorization.NONE);
                    resp.getWriter().write("registered");
                }
                case "/recover" -> resp.getWriter().write(HexFormat.of().formatHex(client.recover(id, suite, req.getParameter("pw"))));
                case "/guess" -> {
                    VaultClient.Login login = client.startLogin(id, suite, "wrong password");
                    try {
                        recovery.finish(login.started().loginId(), VaultClient.bogusKe3(suite));
                    } catch (RecoveryFailedException expected) {
                        // the attempt stays counted
                    }
                    resp.getWriter().write("ke2");
                }
                default -> resp.sendError(404);
            }
        } catch (VaultException e) {
            resp.sendError(e.httpStatus(), e.getClass().getSimpleName());
        } catch (AuthenticationException e) {
            resp.sendError(401, "client could not finish");
        } catch (Exception e) {
            resp.sendError(500, e.toString());
        }
    }
}
