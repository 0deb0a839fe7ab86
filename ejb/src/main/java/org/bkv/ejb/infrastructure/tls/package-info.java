/** Facts about the appliance's own TLS identity (read-only; the launcher creates it). */
package org.bkv.ejb.infrastructure.tls;
