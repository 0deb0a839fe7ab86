/**
 * Test fixtures shared with web-console's integration tests (published as bkv-ejb's test-jar): a throwaway
 * PostgreSQL cluster started from the machine's server binaries.
 */
package org.bkv.ejb.testing;
