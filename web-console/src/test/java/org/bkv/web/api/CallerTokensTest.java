package org.bkv.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import org.bkv.ejb.domain.vault.Authorization;
import org.junit.jupiter.api.Test;

/** Identity tokens of policy clientAuth JWT: only a verified subject goes on to the vault. */
class CallerTokensTest {
    private static final String ISSUER = "https://idp.example.org";

    private final KeyPair idp = keyPair();
    private final KeyPair attacker = keyPair();
    private final CallerTokens tokens = configured(idp);

    @Test
    void aValidTokenYieldsItsSubject() throws Exception {
        Authorization auth = tokens.authorization("Bearer " + jwt(idp, ISSUER, "alice@example.org", 300));
        assertThat(auth.jwtSubject()).contains("alice@example.org");
        assertThat(auth.sessionToken()).isEmpty();
    }

    @Test
    void wrongSignatureIssuerOrExpiryIsRefused() throws Exception {
        for (String jwt : new String[] {jwt(attacker, ISSUER, "alice", 300), jwt(idp, "https://evil.example", "alice", 300),
                jwt(idp, ISSUER, "alice", -600), jwt(idp, ISSUER, null, 300), "a.b.c"}) {
            assertThatThrownBy(() -> tokens.authorization("Bearer " + jwt))
                    .isInstanceOfSatisfying(ProblemException.class, p -> {
                        assertThat(p.status()).isEqualTo(401);
                        assertThat(p.code()).isEqualTo("client-not-authenticated");
                    });
        }
    }

    @Test
    void withoutAConfiguredIssuerEveryIdentityTokenIsRefused() throws Exception {
        String jwt = jwt(idp, ISSUER, "alice", 300);
        assertThatThrownBy(() -> CallerTokens.verifiedSubject(jwt, Optional.empty()))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(401));
    }

    @Test
    void otherBearerValuesAreSessionTokensAndOtherSchemesAreRefused() {
        assertThat(tokens.authorization("Bearer abc_DEF-123").sessionToken()).contains("abc_DEF-123");
        assertThat(tokens.authorization(null)).isEqualTo(Authorization.NONE);
        assertThatThrownBy(() -> tokens.authorization("Basic dXNlcjpwdw"))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.code()).isEqualTo("invalid-authorization"));
    }

    private static CallerTokens configured(KeyPair idp) {
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(idp.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        CallerTokens t = new CallerTokens();
        try {
            var field = CallerTokens.class.getDeclaredField("processor");
            field.setAccessible(true);
            field.set(t, Optional.of(CallerTokens.processor(pem, ISSUER, Set.of())));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return t;
    }

    private static String jwt(KeyPair key, String issuer, String subject, long expiresInSeconds) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer)
                .expirationTime(new Date(System.currentTimeMillis() + expiresInSeconds * 1000))
                .issueTime(new Date());
        if (subject != null) {
            claims.subject(subject);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims.build());
        jwt.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
        return jwt.serialize();
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
