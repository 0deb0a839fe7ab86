package org.bkv.web.api;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.bkv.web.vault.TestDirs;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The API scenarios on the embedded default database, H2 (failsafe's default execution). */
class ApiH2IT extends ApiScenarios {

    @Deployment(testable = false)
    static WebArchive appliance() {
        TestDirs.deleteRecursively(Path.of(System.getProperty("bkv.it.dbDir")));
        return deployment();
    }

    /** A fresh SoftHSM token and backup directory, and the WAR with the tests' row-count and policy servlets. */
    static WebArchive deployment() {
        Path hsmDir = Path.of(System.getProperty("bkv.it.hsmDir"));
        TestDirs.deleteRecursively(hsmDir);
        TestDirs.deleteRecursively(Path.of(System.getProperty("bkv.it.backupDir")));
        try {
            SoftHsmToken.create(hsmDir, "bkv-it").writeUserPinFile(hsmDir.resolve("user.pin"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the test's SoftHSM token", e);
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/bkv-web-console.war"))
                .addClasses(RowCountServlet.class, PolicyServlet.class);
    }
}
