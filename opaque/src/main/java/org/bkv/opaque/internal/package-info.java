/**
 * Internal helpers shared by the other packages of this module (byte handling, hash, HMAC, HKDF,
 * expand_message_xmd). Not part of the supported API: do not use from other modules.
 */
package org.bkv.opaque.internal;
