package org.bkv.web.vault;

import java.nio.file.Path;
import org.bkv.ejb.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Issue 5 proof 4 on PostgreSQL: the appliance is killed and restarted against a throwaway cluster of its own (a free
 * port, not the postgres execution's shared one), which keeps running across the kills as a database server would.
 */
class VaultCrashSafetyPostgresIT extends VaultCrashScenario {

    private static PostgresCluster postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresCluster.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    Db db(Path dir) {
        return new Db("org.postgresql.ds.PGSimpleDataSource", postgres.jdbcUrl(), postgres.user(), "trust-auth-ignores-it");
    }
}
