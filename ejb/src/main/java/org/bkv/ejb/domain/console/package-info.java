/**
 * Console accounts and what they may do: users with Argon2id password hashes and timed lockout, the three roles,
 * the permission matrix the application services enforce, and policy proposals awaiting a security officer.
 */
package org.bkv.ejb.domain.console;
