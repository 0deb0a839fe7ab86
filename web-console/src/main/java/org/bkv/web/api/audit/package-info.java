/**
 * The auditor API (/api/v1/audit): the audit public key, the latest signed tree head, RFC 9162 inclusion and
 * consistency proofs, and streamed exports for {@code bkv audit verify}. Thin adapters over
 * {@link org.bkv.ejb.application.AuditService}; who may call them is {@link org.bkv.web.api.audit.AuditorAuthentication}.
 */
package org.bkv.web.api.audit;
