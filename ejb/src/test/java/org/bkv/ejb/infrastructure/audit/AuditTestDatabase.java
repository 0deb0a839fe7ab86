package org.bkv.ejb.infrastructure.audit;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.infrastructure.persistence.H2AtomicCommitDataSource;
import org.bkv.hsm.AuditSigner;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One appliance "node" on a migrated database, outside any container: the production persistence unit
 * (RESOURCE_LOCAL) with the production {@link JpaAuditLog}, and a plain DataSource for the sequencer.
 */
final class AuditTestDatabase implements AutoCloseable {

    final String url;
    final DataSource dataSource;
    final String node;
    private final EntityManagerFactory emf;

    private AuditTestDatabase(String url, String user, String password, String driver, DataSource dataSource, String node) {
        this(url, dataSource, node, org.bkv.ejb.testing.JpaNodes.node(url, user, password, driver));
    }

    private AuditTestDatabase(String url, DataSource dataSource, String node, EntityManagerFactory emf) {
        this.url = url;
        this.dataSource = dataSource;
        this.node = node;
        this.emf = emf;
    }

    /**
     * A node on an H2 database (created and migrated if new), through the appliance's own H2 data source class: JPA
     * and the sequencer share its connections, with commits atomic on disk as in the appliance.
     */
    static AuditTestDatabase h2(String url, String node) {
        H2AtomicCommitDataSource ds = new H2AtomicCommitDataSource();
        ds.setURL(url);
        ds.setUser("bkv");
        ds.setPassword("bkv");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new AuditTestDatabase(url, ds, node, org.bkv.ejb.testing.JpaNodes.node(ds));
    }

    /** A fresh in-memory H2 database, one node. */
    static AuditTestDatabase h2Memory(String name) {
        return h2("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "node-1");
    }

    /** A node on PostgreSQL at this port (trust authentication, user postgres), migrated. */
    static AuditTestDatabase postgres(String jdbcUrl, String node) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl);
        ds.setUser("postgres");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        return new AuditTestDatabase(jdbcUrl, "postgres", "", "org.postgresql.Driver", ds, node);
    }

    /** Records the events in one transaction through the production JpaAuditLog, as this node. */
    void record(List<AuditEvent> events) {
        inTransaction(em -> {
            JpaAuditLog log = new JpaAuditLog(em, node);
            events.forEach(log::record);
        });
    }

    void record(AuditEvent event) {
        record(List.of(event));
    }

    /** A new EntityManager of this node; the caller closes it. */
    EntityManager entityManager() {
        return emf.createEntityManager();
    }

    void inTransaction(Consumer<EntityManager> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            work.accept(em);
            em.getTransaction().commit();
        } catch (RuntimeException e) { // clean up without hiding why the transaction failed
            try {
                if (em.isOpen() && em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        } finally {
            if (em.isOpen()) {
                em.close();
            }
        }
    }

    AuditSequencing sequencing(Supplier<AuditSigner> signer, long minHeadIntervalMillis) {
        return new AuditSequencing(dataSource, signer, node, minHeadIntervalMillis, System::currentTimeMillis);
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    long scalar(String sql) throws SQLException {
        try (Connection c = connection(); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connection(); var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() {
        emf.close();
    }
}
