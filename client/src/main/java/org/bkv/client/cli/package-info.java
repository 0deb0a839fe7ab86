/**
 * The {@code bkv} command line (picocli): keygen, encrypt, decrypt offline; escrow, recover, delete-record,
 * backup, restore against the appliance (through {@link org.bkv.client.sdk.BkvClient}); audit verify;
 * exit codes scripts can rely on ({@link org.bkv.client.cli.ExitCodes}).
 */
package org.bkv.client.cli;
