package org.bkv.web.console;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.authentication.mechanism.http.CustomFormAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.LoginToContinue;

/**
 * Jakarta Security for the console: a custom form (login.xhtml, a Faces page, so its POST carries the view state)
 * checked by {@link ConsoleIdentityStore}; the authenticated session is kept by the container (the mechanism applies
 * it on every request). Which URL needs which role is in web.xml; which action needs which role is enforced again by
 * the EJB services' {@code @RolesAllowed}. Group names are role names (Payara's default principal-to-role mapping,
 * switched on in the preboot files).
 */
@ApplicationScoped
@DeclareRoles({"ADMINISTRATOR", "SECURITY_OFFICER", "CUSTODIAN"})
@CustomFormAuthenticationMechanismDefinition(
        loginToContinue = @LoginToContinue(loginPage = "/console/login.xhtml", errorPage = "", useForwardToLogin = false))
public class ConsoleSecurity {
}
