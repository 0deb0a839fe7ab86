/**
 * The vault: records (an identifier's OPAQUE credential and sealed backup key), pending registrations,
 * logins and session grants, their repositories, and the typed failures the API maps to HTTP.
 */
package org.bkv.ejb.domain.vault;
