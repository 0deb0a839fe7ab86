/**
 * The JAX-RS client API (/api/v1): thin resources over the EJB services, JSON-B bodies,
 * RFC 9457 problems for every error.
 */
package org.bkv.web.api;
