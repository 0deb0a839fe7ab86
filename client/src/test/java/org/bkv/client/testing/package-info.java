/** Test support: reference crypto written independently of production code, deterministic randomness. */
package org.bkv.client.testing;
