/** The {@code bkv} command line (picocli): keygen, encrypt, decrypt; exit codes scripts can rely on. */
package org.bkv.client.cli;
