package org.bkv.ejb.infrastructure.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Whether the server's TLS certificate is self-signed (subject = issuer and its own key verifies it), read from the
 * key store Payara serves from ({@code javax.net.ssl.keyStore*}, set by the launcher). Empty when there is none to read
 * (tests over plain HTTP) or it cannot be read; the dashboard warns only on a definite yes.
 */
public final class ServerCertificate {

    private static final Logger LOG = Logger.getLogger(ServerCertificate.class.getName());

    private ServerCertificate() {
    }

    public static Optional<Boolean> selfSignedFromSystemProperties() {
        String path = System.getProperty("javax.net.ssl.keyStore");
        String password = System.getProperty("javax.net.ssl.keyStorePassword");
        if (path == null || password == null) {
            return Optional.empty();
        }
        return selfSigned(Path.of(path), password.toCharArray(), System.getProperty("javax.net.ssl.keyStoreType", "PKCS12"));
    }

    static Optional<Boolean> selfSigned(Path keystore, char[] password, String type) {
        if (!Files.isReadable(keystore)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password);
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias) && ks.getCertificate(alias) instanceof X509Certificate cert) {
                    return Optional.of(signsItself(cert));
                }
            }
            return Optional.empty();
        } catch (IOException | GeneralSecurityException e) {
            LOG.warning("cannot read the TLS key store to check its certificate: " + e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static boolean signsItself(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(((Certificate) cert).getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
