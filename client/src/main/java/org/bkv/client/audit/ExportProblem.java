package org.bkv.client.audit;

/** What can be wrong with an audit export, as the verifier names it. */
public enum ExportProblem {
    /** A line is not valid UTF-8 JSON of this format: unknown kind, missing or extra member, bad base64url. */
    MALFORMED_LINE("malformed line"),
    /** The first line is not a {@code bkv-audit-export-v1} header, or the header is inconsistent. */
    BAD_HEADER("not a bkv audit export"),
    /** An event's entry does not hash to the leaf hash recorded when it was sequenced: the entry was altered. */
    ENTRY_HASH_MISMATCH("entry altered"),
    /** An event index is skipped and does not appear later: the event was removed. */
    MISSING_INDEX("event missing"),
    /** An event index is skipped here but appears later: events were reordered. */
    OUT_OF_ORDER_INDEX("events out of order"),
    /** An event index appears a second time. */
    DUPLICATE_INDEX("event duplicated"),
    /** An event lies outside the range the header announces. */
    INDEX_OUTSIDE_RANGE("event outside the exported range"),
    /** A tree head's signature does not verify with the audit public key: forged or altered head. */
    HEAD_SIGNATURE_INVALID("tree head not signed by this audit key"),
    /** A validly signed head whose size does not match its place: events before it are missing or extra. */
    HEAD_OUT_OF_PLACE("tree head out of place"),
    /** A validly signed head whose root differs from the tree over the exported events: events altered. */
    HEAD_ROOT_MISMATCH("events do not match the signed tree head"),
    /** A head with an earlier timestamp or smaller size than the one before it. */
    HEAD_GOES_BACK("tree head goes back in time or size"),
    /** The later tree head's consistency proof does not connect the exported events to it. */
    CONSISTENCY_PROOF_INVALID("consistency proof invalid"),
    /** The export ends before the last index its header announces. */
    TRUNCATED("export truncated"),
    /** Events after the last tree head: no signature vouches for them. */
    UNSIGNED_TAIL("events not covered by any signed tree head");

    private final String summary;

    ExportProblem(String summary) {
        this.summary = summary;
    }

    /** A few words for a person. */
    public String summary() {
        return summary;
    }
}
