/**
 * The first-run setup token: issued at start-up while no console user exists, stored only
 * as a hash, spent when the first administrator is created.
 */
package org.bkv.ejb.domain.setup;
