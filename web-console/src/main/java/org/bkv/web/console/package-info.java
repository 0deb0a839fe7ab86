/**
 * The administrators' web console (/console): Faces views and their backing beans, which
 * talk only to EJB application services.
 */
package org.bkv.web.console;
