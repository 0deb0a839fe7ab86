package org.bkv.web.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.bkv.ejb.domain.console.ConsoleUser;

/** The sign-in form: hands the credential to Jakarta Security, which asks {@link ConsoleIdentityStore}. */
@Named
@RequestScoped
public class LoginView {

    static final String FAILED = "Sign-in failed. After " + ConsoleUser.MAX_FAILED_LOGINS
            + " wrong passwords in a row an account is locked for " + ConsoleUser.LOCKOUT.toMinutes() + " minutes.";

    @Inject
    private SecurityContext security;

    @Inject
    private FacesContext faces;

    private String username;
    private String password;

    public void login() throws IOException {
        ExternalContext ext = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) ext.getRequest();
        HttpServletResponse response = (HttpServletResponse) ext.getResponse();
        char[] secret = password == null ? new char[0] : password.toCharArray();
        password = null;
        if (request.getSession(false) != null) {
            request.changeSessionId(); // no session fixation: the signed-in session never has the id it had before
            SessionCookies.sameSiteStrict(response);
        }
        AuthenticationStatus status = security.authenticate(request, response, AuthenticationParameters.withParams()
                .credential(new UsernamePasswordCredential(username == null ? "" : username.strip(), new Password(secret)))
                .newAuthentication(true));
        SessionCookies.sameSiteStrict(response);
        switch (status) {
            case SEND_CONTINUE -> faces.responseComplete(); // the mechanism redirects to the page first asked for
            case SUCCESS -> ext.redirect(ext.getRequestContextPath() + "/console/index.xhtml");
            default -> FormMessages.beside("login:password", FAILED);
        }
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return null; // never rendered back
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
