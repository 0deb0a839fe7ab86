package org.bkv.web.vault;

import java.nio.file.Path;

/** Issue 5 proof 4 on the embedded default database: H2 files, reopened by each restarted appliance. */
class VaultCrashSafetyIT extends VaultCrashScenario {

    @Override
    Db db(Path dir) {
        return new Db("org.bkv.ejb.infrastructure.persistence.H2AtomicCommitDataSource",
                "jdbc:h2:file:" + dir.resolve("db/bkv") + ";LOCK_TIMEOUT=10000;AUTO_SERVER=TRUE", "bkv", "bkv");
    }
}
