package org.bkv.hsm;

/**
 * A snapshot of the session pool for health checks and metrics.
 *
 * @param available           calls currently reach the token
 * @param unavailableReason   why not, when not (no secrets), else null
 * @param sessions            pool size
 * @param objectsSinceRecycle objects created on the token since the last C_Initialize
 * @param recycles            planned module recycles so far
 * @param reconnects          reconnections after the token went away
 * @param lastRecycleMillis   how long the last recycle held calls back (drain + finalize + initialize + login), -1 if none
 */
public record HsmStatus(boolean available, String unavailableReason, int sessions, long objectsSinceRecycle,
                        long recycles, long reconnects, long lastRecycleMillis) {
}
