/**
 * The appliance launcher behind {@code ./bkv up}: preflight checks, first boot of the data
 * directory, and a supervised run of the Payara Micro uber-jar.
 */
package org.bkv.appliance;
