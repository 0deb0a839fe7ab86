package org.bkv.client.audit;

import java.util.Optional;

/**
 * The verifier's verdict on one export.
 *
 * @param failure        the first problem, empty when the export verified
 * @param firstIndex     first leaf index of the export (from its header; 0 if there was no valid header)
 * @param eventsRead     events accepted before the verdict
 * @param headsVerified  signed tree heads checked (signature, place and root), the later head included
 * @param vouchedEnd     every event below this index is covered by a verified signed head
 * @param lastHead       the last verified head
 * @param unsignedTail   events after {@code vouchedEnd} that no head covers (allowed only on request)
 */
public record ExportVerification(Optional<ExportFailure> failure, long firstIndex, long eventsRead,
                                 long headsVerified, long vouchedEnd, Optional<SignedTreeHead> lastHead,
                                 long unsignedTail) {

    public boolean verified() {
        return failure.isEmpty();
    }
}
