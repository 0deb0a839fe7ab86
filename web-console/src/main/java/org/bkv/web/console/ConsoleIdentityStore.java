package org.bkv.web.console;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;
import org.bkv.ejb.application.ConsoleAuthentication;
import org.bkv.ejb.application.SignedIn;

/** Console accounts from the database, through {@link ConsoleAuthentication} (which counts, locks and audits). */
@ApplicationScoped
public class ConsoleIdentityStore implements IdentityStore {

    @EJB
    private ConsoleAuthentication authentication;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential up)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        char[] password = up.getPassword().getValue();
        try {
            return authentication.signIn(up.getCaller(), password)
                    .map(ConsoleIdentityStore::valid)
                    .orElse(CredentialValidationResult.INVALID_RESULT);
        } finally {
            up.getPassword().clear();
        }
    }

    private static CredentialValidationResult valid(SignedIn who) {
        return new CredentialValidationResult(who.username(), Set.of(who.role().name()));
    }
}
