package org.bkv.web.api;

import org.bkv.ejb.testing.PostgresCluster;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The API scenarios on PostgreSQL (failsafe execution "postgres"): the throwaway cluster on the build's reserved
 * port, with an empty schema, before Payara Micro deploys the WAR.
 */
class ApiPostgresIT extends ApiScenarios {

    @Deployment(testable = false)
    static WebArchive appliance() {
        String port = System.getProperty("bkv.it.pgPort");
        if (port == null || port.isBlank()) {
            throw new IllegalStateException("bkv.it.pgPort is not set: run through failsafe's \"postgres\" execution (web-console/pom.xml)");
        }
        PostgresCluster.startOrReuse(Integer.parseInt(port)); // stopped by its shutdown hook when this JVM exits
        return ApiH2IT.deployment();
    }
}
