/** Models of the database work of the vault's requests, for what the embedded H2's settings cost. */
package org.bkv.benchmarks.db;
