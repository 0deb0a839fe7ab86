package org.bkv.web.vault;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The vault scenarios on the embedded default database, H2 (failsafe's default execution). */
class VaultH2IT extends VaultScenarios {

    @Deployment
    static WebArchive appliance() {
        Path hsmDir = Path.of(System.getProperty("bkv.it.hsmDir"));
        TestDirs.deleteRecursively(hsmDir);
        TestDirs.deleteRecursively(Path.of(System.getProperty("bkv.it.dbDir")));
        try {
            SoftHsmToken.create(hsmDir, "bkv-it").writeUserPinFile(hsmDir.resolve("user.pin"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the test's SoftHSM token", e);
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/bkv-web-console.war"))
                .addClasses(VaultScenarios.class, VaultScenarios.Row.class, VaultScenarios.DecoyRow.class, VaultClient.class, VaultClient.Login.class, org.bkv.web.api.Seal.class,
                        TestDirs.class);
    }
}
