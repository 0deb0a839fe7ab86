package org.bkv.ejb.application;

/** Answer to a login start: the id to finish with and KE2. The attempt (if any) was committed before this exists. */
public record LoginStarted(String loginId, byte[] ke2) {
}
