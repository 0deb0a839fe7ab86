package org.bkv.web.console;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.Arrays;
import java.util.Optional;
import org.bkv.ejb.application.ConsoleAuthentication;
import org.bkv.ejb.domain.console.ConsoleRole;
import org.bkv.ejb.domain.console.Permission;

/**
 * Who is signed in, what the navigation may offer them (the permission matrix; the EJB services enforce it again),
 * and sign-out.
 */
@Named
@RequestScoped
public class ConsoleSession {

    @Inject
    private SecurityContext security;

    @Inject
    private FacesContext faces;

    @EJB
    private ConsoleAuthentication authentication;

    public String getUsername() {
        return Optional.ofNullable(security.getCallerPrincipal()).map(Principal::getName).orElse(null);
    }

    public Optional<ConsoleRole> role() {
        return Arrays.stream(ConsoleRole.values()).filter(r -> security.isCallerInRole(r.name())).findFirst();
    }

    public String getRoleName() {
        return role().map(r -> r.name().replace('_', ' ').toLowerCase(java.util.Locale.ROOT)).orElse("");
    }

    /** For the views: {@code #{consoleSession.may('MANAGE_USERS')}}. */
    public boolean may(String permission) {
        Permission p = Permission.valueOf(permission);
        return role().map(p::grantedTo).orElse(false);
    }

    public void logout() throws IOException, ServletException {
        ExternalContext ext = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) ext.getRequest();
        if (getUsername() != null) {
            authentication.signedOut();
        }
        request.logout();
        ext.invalidateSession();
        ext.redirect(ext.getRequestContextPath() + "/console/login.xhtml?signedOut=true");
    }
}
