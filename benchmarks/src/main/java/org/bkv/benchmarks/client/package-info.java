/** Throughput of the client's backup file encryption (bkv-backup-v1), in memory. */
package org.bkv.benchmarks.client;
