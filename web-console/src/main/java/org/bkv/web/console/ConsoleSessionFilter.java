package org.bkv.web.console;

import jakarta.ejb.EJB;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.security.Principal;
import org.bkv.ejb.application.ConsoleAuthentication;

/**
 * Every console request: (1) its session exists before anything is written, so the cookie can be marked
 * SameSite=Strict (with Secure and HttpOnly from web.xml); (2) a signed-in session whose account has since been
 * disabled (or whose role changed) ends at once instead of living on until it times out.
 */
@WebFilter(urlPatterns = "/console/*")
public class ConsoleSessionFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @EJB
    private transient ConsoleAuthentication authentication;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.getSession(true);
        SessionCookies.sameSiteStrict(response);
        Principal caller = request.getUserPrincipal();
        if (caller != null && !stillAllowed(caller, request)) {
            request.logout();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            response.sendRedirect(request.getContextPath() + "/console/login.xhtml");
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean stillAllowed(Principal caller, HttpServletRequest request) {
        return authentication.activeRole(caller.getName()).filter(role -> request.isUserInRole(role.name())).isPresent();
    }
}
