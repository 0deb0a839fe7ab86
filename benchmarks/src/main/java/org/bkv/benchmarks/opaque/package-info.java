/**
 * JMH benchmarks of the OPAQUE protocol steps in {@code opaque/}, per suite, with the identity KSF.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar 'org.bkv.benchmarks.opaque.*'}.
 */
package org.bkv.benchmarks.opaque;
