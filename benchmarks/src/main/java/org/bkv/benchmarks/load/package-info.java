/** Load against a running appliance over HTTPS with the client SDK (benchmarks/load.sh starts one). */
package org.bkv.benchmarks.load;
