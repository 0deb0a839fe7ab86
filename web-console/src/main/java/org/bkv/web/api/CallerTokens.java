package org.bkv.web.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.bkv.ejb.domain.vault.Authorization;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads the {@code Authorization} header of a vault or backup call. {@code Bearer <three dot-separated parts>} is an
 * identity token (MicroProfile JWT, policy clientAuth JWT): its signature (RS256/ES256), issuer, expiry and audience
 * are checked here and only its verified subject goes on; any other bearer value is a vault session token, checked
 * (by hash) by the vault. Keys and issuer use MicroProfile JWT's own configuration names.
 *
 * <p>Verified here rather than by Payara's MP-JWT mechanism because Jakarta Security 3 allows one authentication
 * mechanism per application, and the console's form login is that one.
 */
@ApplicationScoped
public class CallerTokens {
    private static final Logger LOG = Logger.getLogger(CallerTokens.class.getName());

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey")
    private Optional<String> publicKey;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    private Optional<String> publicKeyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    private Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    private Optional<String> audiences;

    private Optional<DefaultJWTProcessor<SecurityContext>> processor = Optional.empty();

    @PostConstruct
    void init() {
        Optional<String> pem = publicKey.or(() -> publicKeyLocation.map(CallerTokens::readKeyFile));
        if (pem.isEmpty() || issuer.isEmpty()) {
            return;
        }
        processor = Optional.of(processor(pem.get(), issuer.get(), audiences.map(a -> Arrays.stream(a.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet())).orElse(Set.of())));
    }

    static DefaultJWTProcessor<SecurityContext> processor(String pem, String issuer, Set<String> audiences) {
        JWK key = publicJwk(pem);
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))));
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audiences.isEmpty() ? null : audiences,
                new JWTClaimsSet.Builder().issuer(issuer).build(), new HashSet<>(Set.of("sub", "exp", "iss")), null));
        return p;
    }

    /** A PEM SubjectPublicKeyInfo (EC P-256 or RSA) as a JWK. */
    static JWK publicJwk(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
            try {
                ECPublicKey ec = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
                return new ECKey.Builder(Curve.P_256, ec).build();
            } catch (InvalidKeySpecException notEc) {
                RSAPublicKey rsa = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec);
                return new RSAKey.Builder(rsa).build();
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalStateException("mp.jwt.verify.publickey is not a PEM public key (EC P-256 or RSA)", e);
        }
    }

    /** The caller's authorisation from the header (absent header: none). */
    public Authorization authorization(String header) {
        if (header == null || header.isBlank()) {
            return Authorization.NONE;
        }
        String token = bearer(header);
        if (token.chars().filter(c -> c == '.').count() != 2) {
            return Authorization.session(token);
        }
        return Authorization.jwt(verifiedSubject(token, processor));
    }

    static String bearer(String header) {
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7 || header.length() > 8192) {
            throw new ProblemException(401, "invalid-authorization", "Unauthorized",
                    "the Authorization header must be \"Bearer <token>\"");
        }
        return header.substring(7).trim();
    }

    static String verifiedSubject(String token, Optional<DefaultJWTProcessor<SecurityContext>> processor) {
        if (processor.isEmpty()) {
            throw new ProblemException(401, "client-not-authenticated", "Unauthorized",
                    "this appliance has no identity token issuer configured (mp.jwt.verify.publickey, mp.jwt.verify.issuer)");
        }
        try {
            return processor.get().process(token, null).getSubject();
        } catch (ParseException | BadJOSEException | JOSEException e) {
            LOG.log(Level.FINE, "identity token refused: {0}", e.getClass().getSimpleName());
            throw new ProblemException(401, "client-not-authenticated", "Unauthorized",
                    "the identity token is not valid: bad signature, issuer, audience or expiry");
        }
    }

    private static String readKeyFile(String location) {
        try {
            return Files.readString(Path.of(location));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read mp.jwt.verify.publickey.location " + location, e);
        }
    }
}
