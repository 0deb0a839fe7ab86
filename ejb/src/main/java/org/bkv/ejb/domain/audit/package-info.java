/**
 * What an audit event is and where it goes ({@link org.bkv.ejb.domain.audit.AuditLog}); every state change
 * records one in its own transaction, and fails if it cannot.
 */
package org.bkv.ejb.domain.audit;
