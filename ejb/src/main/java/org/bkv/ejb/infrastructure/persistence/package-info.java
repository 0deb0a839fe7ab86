/**
 * Persistence infrastructure: the configured data source, Flyway migrations, JPA repositories.
 * Nothing outside infrastructure talks JDBC.
 */
package org.bkv.ejb.infrastructure.persistence;
