/**
 * The backup client SDK: {@link org.bkv.client.sdk.BkvClient} talks to the appliance's API (vault: escrow,
 * recover, delete; blob store: upload, download) over TLS with CA or pinned-certificate trust.
 */
package org.bkv.client.sdk;
