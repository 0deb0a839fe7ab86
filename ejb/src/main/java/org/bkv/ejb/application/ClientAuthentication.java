package org.bkv.ejb.application;

import java.time.Instant;
import org.bkv.ejb.domain.policy.ClientAuth;
import org.bkv.ejb.domain.policy.PolicySettings;
import org.bkv.ejb.domain.vault.Authorization;
import org.bkv.ejb.domain.vault.ClientNotAuthenticatedException;
import org.bkv.ejb.domain.vault.Identifier;
import org.bkv.ejb.domain.vault.RecordId;
import org.bkv.ejb.domain.vault.SessionGrantRepository;

/** The authorisation rules of DESIGN §4.2, in one place. */
final class ClientAuthentication {

    private ClientAuthentication() {
    }

    /** With client authentication JWT, every vault call must carry a verified token whose subject is the identifier. */
    static void require(PolicySettings policy, Identifier identifier, Authorization auth) throws ClientNotAuthenticatedException {
        if (policy.clientAuth() == ClientAuth.JWT && !auth.jwtSubject().map(identifier::sameAs).orElse(false)) {
            throw new ClientNotAuthenticatedException("client authentication is on: an identity token whose subject is the identifier is required");
        }
    }

    /**
     * May the caller replace or delete this record (this version)? Yes with a live session token from a recovery of it,
     * or, when client authentication is JWT, with the identity token {@link #require} already checked.
     */
    static boolean ownsRecord(PolicySettings policy, Authorization auth, SessionGrantRepository sessions,
                              RecordId id, long version, Instant now) {
        if (policy.clientAuth() == ClientAuth.JWT) {
            return true;
        }
        return auth.sessionToken()
                .flatMap(token -> sessions.findByTokenHash(Tokens.hash(token)))
                .map(grant -> grant.grants(id, version, now))
                .orElse(false);
    }
}
