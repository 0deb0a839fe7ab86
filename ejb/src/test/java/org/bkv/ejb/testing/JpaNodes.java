package org.bkv.ejb.testing;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.function.Function;

/**
 * "Nodes" for tests outside the container: each is the appliance's persistence unit ({@code bkv}) with its own
 * EntityManagerFactory and resource-local transactions on a database the test chose, as two appliance nodes would
 * share one database.
 */
public final class JpaNodes {

    private JpaNodes() {
    }

    /** A new node on the database (its schema must already be migrated). */
    public static EntityManagerFactory node(String url, String user, String password, String driver) {
        return Persistence.createEntityManagerFactory("bkv", Map.of(
                "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
                "jakarta.persistence.jtaDataSource", "",
                "jakarta.persistence.jdbc.driver", driver,
                "jakarta.persistence.jdbc.url", url,
                "jakarta.persistence.jdbc.user", user,
                "jakarta.persistence.jdbc.password", password,
                "eclipselink.logging.level", "WARNING"));
    }

    /**
     * A new node on a data source of the test's (its schema must already be migrated): how a test gets the appliance's
     * own H2 data source class ({@code H2AtomicCommitDataSource}) under the persistence unit.
     */
    public static EntityManagerFactory node(javax.sql.DataSource dataSource) {
        return Persistence.createEntityManagerFactory("bkv", Map.of(
                "jakarta.persistence.transactionType", "RESOURCE_LOCAL",
                "jakarta.persistence.jtaDataSource", "",
                "jakarta.persistence.nonJtaDataSource", dataSource,
                "eclipselink.logging.level", "WARNING"));
    }

    /** Runs the work in one transaction: committed, or rolled back if it failed or marked it rollback-only. */
    public static <T> T inTransaction(EntityManagerFactory node, Function<EntityManager, T> work) {
        EntityManager em = node.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            if (em.getTransaction().getRollbackOnly()) {
                em.getTransaction().rollback();
            } else {
                em.getTransaction().commit();
            }
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /** The single number an SQL query returns. */
    public static long scalar(EntityManagerFactory node, String sql) {
        EntityManager em = node.createEntityManager();
        try {
            return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
        } finally {
            em.close();
        }
    }
}
