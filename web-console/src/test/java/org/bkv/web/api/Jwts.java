package org.bkv.web.api;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Date;

/** Identity tokens from the tests' identity provider (src/test/resources/it-jwt, which the appliance under test trusts). */
final class Jwts {

    private Jwts() {
    }

    static String sign(String subject, String issuer, long expiresInSeconds) throws Exception {
        String pem = Files.readString(Path.of("src/test/resources/it-jwt/private.pem"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).issueTime(new Date())
                .expirationTime(new Date(System.currentTimeMillis() + expiresInSeconds * 1000)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
