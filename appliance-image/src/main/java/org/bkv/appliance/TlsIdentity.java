package org.bkv.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The appliance's TLS key and self-signed certificate (EC P-256), made with the JDK's keytool. */
final class TlsIdentity {

    static final String ALIAS = "bkv-tls";

    private TlsIdentity() {
    }

    static void create(Path keystore, Path passwordFile, String bindAddress) throws IOException, StartupException {
        String password = DataDirectory.randomSecret(24);
        String san = "ip:127.0.0.1,dns:localhost" + (isSpecificAddress(bindAddress) && !bindAddress.equals("127.0.0.1")
                ? (bindAddress.matches("[0-9.:]+") ? ",ip:" : ",dns:") + bindAddress : "");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=BKV appliance (self-signed)", "-ext", "san=" + san, "-validity", "825",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass:env", "BKV_KS_PASS", "-keypass:env", "BKV_KS_PASS"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("BKV_KS_PASS", password);
        Process keytoolProcess = builder.start();
        String output = new String(keytoolProcess.getInputStream().readAllBytes());
        try {
            if (keytoolProcess.waitFor() != 0) {
                throw new StartupException(Preflight.EXIT_PREFLIGHT, "could not create the TLS key: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException(Preflight.EXIT_PREFLIGHT, "interrupted while creating the TLS key");
        }
        DataDirectory.writeOwnerOnly(passwordFile, password);
        Files.setPosixFilePermissions(keystore, DataDirectory.OWNER_ONLY_FILE);
    }

    static X509Certificate certificate(Path keystore, Path passwordFile) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, Files.readString(passwordFile).strip().toCharArray());
        }
        return (X509Certificate) store.getCertificate(ALIAS);
    }

    static String fingerprint(X509Certificate certificate) throws GeneralSecurityException {
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    private static boolean isSpecificAddress(String address) {
        return !address.equals("0.0.0.0") && !address.equals("::") && !address.isBlank();
    }
}
