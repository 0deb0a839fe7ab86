/**
 * The appliance policy (DESIGN §7): versioned settings for attempts, lockout, TTLs, suites, rate limits,
 * backups and client authentication, with their defaults and bounds.
 */
package org.bkv.ejb.domain.policy;
