/**
 * The backup key (256 bits, 64-digit form) and what is derived from it: storage auth token, backup id,
 * sealed key.
 */
package org.bkv.client.key;
