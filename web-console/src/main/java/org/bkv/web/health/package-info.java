/**
 * MicroProfile Health checks behind /health/ready and /health/live: thin adapters over
 * {@link org.bkv.ejb.application.ApplianceStatus}.
 */
package org.bkv.web.health;
