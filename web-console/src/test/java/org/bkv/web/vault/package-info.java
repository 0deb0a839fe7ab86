/**
 * Issue 5's in-container proofs: the vault EJBs with a real SoftHSM token, on H2 ({@code VaultH2IT}) and on a
 * throwaway PostgreSQL cluster ({@code VaultPostgresIT}), driven by opaque/'s client.
 */
package org.bkv.web.vault;
