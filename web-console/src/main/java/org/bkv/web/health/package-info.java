/**
 * MicroProfile Health checks behind /health/ready and /health/live: thin adapters over
 * {@link org.bkv.ejb.application.ApplianceStatus}, the audit service and the start-up warm-up.
 */
package org.bkv.web.health;
