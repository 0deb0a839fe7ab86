package org.bkv.ejb.infrastructure.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCertificateTest {

    @Test
    void aKeytoolCertificateLikeTheLaunchersIsSelfSigned(@TempDir Path dir) throws Exception {
        Path ks = dir.resolve("keystore.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "bkv-tls", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit-test")
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(out).isZero();
        assertThat(ServerCertificate.selfSigned(ks, "changeit-test".toCharArray(), "PKCS12")).contains(true);
    }

    @Test
    void noKeyStoreMeansNoAnswer(@TempDir Path dir) throws Exception {
        assertThat(ServerCertificate.selfSigned(dir.resolve("missing.p12"), "x".toCharArray(), "PKCS12")).isEmpty();
        Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a key store");
        assertThat(ServerCertificate.selfSigned(garbage, "x".toCharArray(), "PKCS12")).isEmpty();
    }
}
