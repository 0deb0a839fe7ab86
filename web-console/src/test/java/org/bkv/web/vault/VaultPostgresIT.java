package org.bkv.web.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bkv.ejb.application.LoginStarted;
import org.bkv.ejb.domain.vault.Authorization;
import org.bkv.opaque.ClientLogin;
import org.bkv.opaque.KE2;
import org.bkv.opaque.Ksf;
import org.bkv.opaque.ProtocolOptions;
import org.bkv.opaque.Suite;
import org.bkv.ejb.testing.PostgresCluster;
import org.bkv.hsm.softhsm.SoftHsmToken;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The vault scenarios on PostgreSQL (failsafe execution "postgres"): the deployment method starts a throwaway cluster
 * on the port the build reserved ({@code bkv.it.pgPort}, which failsafe's environment already points the appliance at)
 * before Payara Micro deploys the WAR; the cluster stops when the test JVM exits.
 */
class VaultPostgresIT extends VaultScenarios {

    @Deployment
    static WebArchive appliance() {
        Path hsmDir = Path.of(System.getProperty("bkv.it.hsmDir"));
        TestDirs.deleteRecursively(hsmDir);
        try {
            SoftHsmToken.create(hsmDir, "bkv-it").writeUserPinFile(hsmDir.resolve("user.pin"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the test's SoftHSM token", e);
        }
        String port = System.getProperty("bkv.it.pgPort");
        if (port == null || port.isBlank()) {
            throw new IllegalStateException("bkv.it.pgPort is not set: run through failsafe's \"postgres\" execution (web-console/pom.xml)");
        }
        PostgresCluster.startOrReuse(Integer.parseInt(port)); // stopped by its shutdown hook when this JVM exits
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File("target/bkv-web-console.war"))
                .addClasses(VaultScenarios.class, VaultScenarios.Row.class, VaultScenarios.DecoyRow.class, VaultClient.class, VaultClient.Login.class, org.bkv.web.api.Seal.class,
                        TestDirs.class, PostgresCluster.class);
    }

    private static final int MEASURED = 100;
    private final double[] lastP50 = new double[Suite.values().length];

    /**
     * Proof 6: recovery latency (server side: login start + finish) with 1,000 and with 1,000,000 records in
     * vault_record. The filler rows are copies of a real record's row (same column sizes) under random-looking ids,
     * inserted in bulk by SQL; bytes per record are read from PostgreSQL. Figures go to docs/PERFORMANCE.md.
     */
    @Test
    void recoveryLatencyAtOneThousandAndOneMillionRecords() throws Exception {
        List<String> identifiers = new ArrayList<>();
        for (Suite suite : Suite.values()) {
            for (int i = 0; i < 5; i++) {
                String identifier = "scale-" + suite.ordinal() + "-" + i + "-" + System.nanoTime() + "@example.org";
                new VaultClient(registration, recovery).register(identifier, suite, "pw", new byte[32], Authorization.NONE);
                identifiers.add(identifier);
            }
        }
        String template = keys.recordId(org.bkv.ejb.domain.vault.Identifier.of(identifiers.get(0))).value();
        StringBuilder report = new StringBuilder("## Vault scale (in-container, PostgreSQL)\n");
        fillTo(1_000, template);
        report.append(measure(identifiers, 1_000));
        double[] smallP50 = lastP50.clone();
        long start = System.nanoTime();
        fillTo(1_000_000, template);
        report.append(String.format("bulk insert to 1,000,000 rows: %.1f s%n", (System.nanoTime() - start) / 1e9));
        report.append(measure(identifiers, 1_000_000));
        for (Suite suite : Suite.values()) {
            double small = smallP50[suite.ordinal()];
            double large = lastP50[suite.ordinal()];
            assertTrue(large <= 2 * small + 20, () -> "recovery at 1M records is much slower than at 1k: " + report);
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_relation_size('vault_record'), pg_indexes_size('vault_record'),"
                     + " pg_total_relation_size('vault_record'), COUNT(*) FROM vault_record WHERE id NOT LIKE '~%'")) {
            rs.next();
            long rows = rs.getLong(4);
            // The sizes include the few decoy rows (docs/OPERATIONS.md); the divisor counts records only.
            report.append(String.format("vault_record on disk: heap %d, indexes %d, total %d bytes for %d records"
                            + " (+ %d decoy rows) = %.0f bytes per record%n", rs.getLong(1), rs.getLong(2), rs.getLong(3), rows,
                    org.bkv.ejb.domain.vault.DecoyId.all().size(), rs.getLong(3) / (double) rows));
            assertTrue(rows >= 1_000_000);
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT octet_length(wrapped_oprf_key), octet_length(oprf_public_key),"
                     + " octet_length(sealed_record), octet_length(sealed_backup_key), suite FROM vault_record WHERE id IN ('"
                     + template + "', '" + keys.recordId(org.bkv.ejb.domain.vault.Identifier.of(identifiers.get(5))).value() + "')")) {
            while (rs.next()) {
                report.append(String.format("%s row: wrapped/sealed OPRF key %d, OPRF public key %d, sealed record %d,"
                        + " sealed backup key %d bytes (client-sealed 32-byte key: 60)%n",
                        rs.getString(5), rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)));
            }
        }
        writeReport(report.toString());
    }

    private void fillTo(long rows, String template) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            long have;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM vault_record WHERE id NOT LIKE '~%'")) {
                rs.next();
                have = rs.getLong(1);
            }
            if (have >= rows) {
                return;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO vault_record (id, suite, state, attempts,"
                    + " max_attempts, wrapped_oprf_key, oprf_public_key, sealed_record, sealed_backup_key, version, created_at,"
                    + " updated_at) SELECT substr(md5(g::text || ?) || md5(g::text || 'x' || ?), 1, 43), t.suite, t.state,"
                    + " 0, t.max_attempts, t.wrapped_oprf_key, t.oprf_public_key, t.sealed_record, t.sealed_backup_key, 1,"
                    + " t.created_at, t.updated_at FROM generate_series(1, ?) g CROSS JOIN vault_record t WHERE t.id = ?")) {
                String salt = Long.toString(System.nanoTime());
                insert.setString(1, salt);
                insert.setString(2, salt);
                insert.setLong(3, rows - have);
                insert.setString(4, template);
                assertEquals(rows - have, insert.executeUpdate());
            }
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE vault_record");
            }
        }
    }

    private String measure(List<String> identifiers, long size) throws Exception {
        StringBuilder out = new StringBuilder();
        for (Suite suite : Suite.values()) {
            List<String> ofSuite = identifiers.subList(suite.ordinal() * 5, suite.ordinal() * 5 + 5);
            long[] nanos = new long[MEASURED];
            for (int i = -10; i < MEASURED; i++) { // 10 warm-up rounds
                String identifier = ofSuite.get(Math.floorMod(i, ofSuite.size()));
                ClientLogin.Start start = ClientLogin.start(suite, "pw".getBytes(), VaultClient.RANDOM);
                byte[] ke1 = start.message().serialize();
                long t0 = System.nanoTime();
                LoginStarted started = recovery.start(identifier, suite.wireName(), ke1, Authorization.NONE);
                long t1 = System.nanoTime();
                byte[] ke3 = start.state().finish("pw".getBytes(), KE2.deserialize(suite, started.ke2()), Ksf.IDENTITY,
                        ProtocolOptions.DEFAULT).message().serialize();
                long t2 = System.nanoTime();
                recovery.finish(started.loginId(), ke3);
                long t3 = System.nanoTime();
                if (i >= 0) {
                    nanos[i] = (t1 - t0) + (t3 - t2);
                }
            }
            Arrays.sort(nanos);
            lastP50[suite.ordinal()] = nanos[MEASURED / 2] / 1e6;
            out.append(String.format("%,d records, %s: recovery (server: login start + finish) p50 %.1f ms, p99 %.1f ms,"
                    + " max %.1f ms, %d recoveries%n", size, suite.wireName(), nanos[MEASURED / 2] / 1e6,
                    nanos[MEASURED * 99 / 100] / 1e6, nanos[MEASURED - 1] / 1e6, MEASURED));
        }
        return out.toString();
    }
}
