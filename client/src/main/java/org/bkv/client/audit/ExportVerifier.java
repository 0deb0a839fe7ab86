package org.bkv.client.audit;

import org.bkv.opaque.Base64Url;
import org.bkv.opaque.InvalidEncodingException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Verifies a {@code bkv-audit-export-v1} export (docs/AUDIT.md) with only the audit public key. It rebuilds the
 * Merkle tree over the exported entries, checks every tree head's signature, place and root, the later head's
 * consistency proof, and stops at the first problem, naming its line and leaf index. Consecutive heads are
 * consistent by construction: their roots are recomputed from one append-only sequence of entries.
 *
 * <p>Streaming: memory is O(log n) whatever the export's size.
 */
public final class ExportVerifier {

    /** The format this verifier reads. */
    public static final String FORMAT = "bkv-audit-export-v1";

    private static final Set<String> HEADER = Set.of("kind", "format", "firstIndex", "endIndex", "prefix");
    private static final Set<String> EVENT = Set.of("kind", "index", "entry", "leafHash");
    private static final Set<String> TREE_HEAD = Set.of("kind", "size", "rootHash", "timestamp", "signature");
    private static final Set<String> LATER_TREE_HEAD =
            Set.of("kind", "size", "rootHash", "timestamp", "signature", "consistency");

    private final AuditPublicKey key;
    private final boolean allowUnsignedTail;

    /**
     * @param allowUnsignedTail accept events after the last signed head (reported, not vouched for) instead of
     *                          rejecting the export
     */
    public ExportVerifier(AuditPublicKey key, boolean allowUnsignedTail) {
        this.key = Objects.requireNonNull(key, "key");
        this.allowUnsignedTail = allowUnsignedTail;
    }

    /** Reads the whole export from {@code in}; does not close it. */
    public ExportVerification verify(InputStream in) throws IOException {
        Run run = new Run(new ExportLines(new BufferedInputStream(in, 1 << 16)));
        try {
            run.readAll();
            return run.verdict(Optional.empty());
        } catch (Rejected rejected) {
            return run.verdict(Optional.of(rejected.failure));
        }
    }

    /** The first failure, thrown to unwind the run. */
    private static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ExportFailure failure;

        Rejected(ExportFailure failure) {
            super(failure.toString(), null, false, false);
            this.failure = failure;
        }
    }

    /** One pass over one export. */
    private final class Run {
        private final ExportLines lines;
        private long firstIndex;
        private long endIndex;
        private CompactTree tree;
        private long eventsRead;
        private long headsVerified;
        private long vouchedEnd;
        private long firstUnvouchedLine;
        private long lastEventLine;
        private SignedTreeHead lastHead;
        private boolean laterHeadSeen;
        private long unsignedTail;

        Run(ExportLines lines) {
            this.lines = lines;
        }

        ExportVerification verdict(Optional<ExportFailure> failure) {
            return new ExportVerification(failure, firstIndex, eventsRead, headsVerified, vouchedEnd,
                    Optional.ofNullable(lastHead), unsignedTail);
        }

        void readAll() throws IOException, Rejected {
            header(lines.next());
            ExportLines.Line line;
            while ((line = lines.next()) != null) {
                Members members = members(line, ExportProblem.MALFORMED_LINE);
                if (laterHeadSeen) {
                    throw fail(line.number(), null, ExportProblem.MALFORMED_LINE, "nothing may follow the later tree head");
                }
                switch (members.kind()) {
                    case "event" -> event(members);
                    case "treeHead" -> treeHead(members);
                    case "laterTreeHead" -> laterTreeHead(members);
                    case "header" -> throw fail(line.number(), null, ExportProblem.MALFORMED_LINE,
                            "a second header: two exports joined together?");
                    default -> throw fail(line.number(), null, ExportProblem.MALFORMED_LINE,
                            "unknown kind \"" + members.kind() + "\" (expected event, treeHead or laterTreeHead)");
                }
            }
            end();
        }

        private void header(ExportLines.Line line) throws Rejected {
            if (line == null) {
                throw fail(1, null, ExportProblem.BAD_HEADER, "the file is empty");
            }
            Members header = members(line, ExportProblem.BAD_HEADER);
            if (!header.kind().equals("header")) {
                throw fail(line.number(), null, ExportProblem.BAD_HEADER,
                        "the first line must be the header, found kind \"" + header.kind() + "\"");
            }
            header.requireExactly(HEADER, ExportProblem.BAD_HEADER);
            String format = header.string("format");
            if (!format.equals(FORMAT)) {
                throw fail(line.number(), null, ExportProblem.BAD_HEADER,
                        "format \"" + format + "\" is not supported; this bkv reads " + FORMAT);
            }
            long first = header.count("firstIndex");
            long end = header.count("endIndex");
            if (end < first) {
                throw fail(line.number(), null, ExportProblem.BAD_HEADER,
                        "endIndex " + end + " is before firstIndex " + first);
            }
            List<byte[]> prefix = header.hashes("prefix");
            if (prefix.size() != Long.bitCount(first)) {
                throw fail(line.number(), null, ExportProblem.BAD_HEADER, "an export starting at index " + first
                        + " carries " + Long.bitCount(first) + " prefix hashes, this one " + prefix.size());
            }
            firstIndex = first;
            endIndex = end;
            tree = new CompactTree(first, prefix);
            vouchedEnd = first;
        }

        private void event(Members event) throws IOException, Rejected {
            event.requireExactly(EVENT, ExportProblem.MALFORMED_LINE);
            long index = event.count("index");
            long expected = tree.size();
            if (index > expected) {
                throw gap(event.line, expected, index);
            }
            if (index < expected) {
                throw fail(event.line, index, ExportProblem.DUPLICATE_INDEX, "index " + index
                        + " was already exported earlier; the next event should be index " + expected);
            }
            if (index >= endIndex) {
                throw fail(event.line, index, ExportProblem.INDEX_OUTSIDE_RANGE, "the header says the export ends before index "
                        + endIndex);
            }
            byte[] entry = event.string("entry").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] leafHash = MerkleHashes.leaf(entry);
            if (!MessageDigest.isEqual(leafHash, event.hash("leafHash"))) {
                throw fail(event.line, index, ExportProblem.ENTRY_HASH_MISMATCH, "the entry does not hash to the leaf hash"
                        + " recorded when it was sequenced: the entry (or its recorded hash) was changed afterwards");
            }
            if (tree.size() == vouchedEnd) {
                firstUnvouchedLine = event.line;
            }
            tree.append(leafHash);
            eventsRead++;
            lastEventLine = event.line;
        }

        private void treeHead(Members members) throws Rejected {
            members.requireExactly(TREE_HEAD, ExportProblem.MALFORMED_LINE);
            SignedTreeHead head = members.head();
            long line = members.line;
            requireSignature(head, line);
            if (head.size() != tree.size()) {
                throw fail(line, null, ExportProblem.HEAD_OUT_OF_PLACE, head.size() > tree.size()
                        ? "the head is signed for " + head.size() + " entries but follows index " + (tree.size() - 1)
                                + ": entries " + tree.size() + ".." + (head.size() - 1) + " are missing before it"
                        : "the head is signed for " + head.size() + " entries but " + (tree.size() - head.size())
                                + " more entries precede it: entries were added, or the head moved");
            }
            if (!MessageDigest.isEqual(tree.rootHash(), head.rootHash())) {
                throw fail(line, null, ExportProblem.HEAD_ROOT_MISMATCH, unvouchedRange()
                        + " do not hash to the root this head signed: one of them was altered, added or removed"
                        + (vouchedEnd == firstIndex && firstIndex > 0 ? " (or the header's prefix is wrong)" : ""));
            }
            requireNotBack(head, line);
            accept(head);
        }

        private void laterTreeHead(Members members) throws Rejected {
            members.requireExactly(LATER_TREE_HEAD, ExportProblem.MALFORMED_LINE);
            SignedTreeHead head = members.head();
            long line = members.line;
            List<byte[]> consistency = members.hashes("consistency");
            requireSignature(head, line);
            if (tree.size() != endIndex) {
                throw fail(line, null, ExportProblem.HEAD_OUT_OF_PLACE, "the later tree head must follow the last event,"
                        + " index " + (endIndex - 1) + ", but follows index " + (tree.size() - 1)
                        + ": entries " + tree.size() + ".." + (endIndex - 1) + " are missing");
            }
            if (endIndex == 0 || head.size() <= endIndex) {
                throw fail(line, null, ExportProblem.HEAD_OUT_OF_PLACE, "a later tree head must cover more than the "
                        + endIndex + " entries of the export; it covers " + head.size());
            }
            requireNotBack(head, line);
            if (!MerkleProofVerifier.verifyConsistency(endIndex, head.size(), tree.rootHash(), head.rootHash(), consistency)) {
                throw fail(line, null, ExportProblem.CONSISTENCY_PROOF_INVALID, "the consistency proof does not show the "
                        + "tree over the exported entries to be a prefix of the later head's tree: "
                        + (vouchedEnd < endIndex ? unvouchedRange() + " were altered, added or removed, or the proof is wrong"
                        : "the proof is wrong"));
            }
            accept(head);
            vouchedEnd = endIndex;
            laterHeadSeen = true;
        }

        private void end() throws Rejected {
            long after = lines.lastNumber() + 1;
            if (tree.size() < endIndex) {
                throw fail(after, tree.size(), ExportProblem.TRUNCATED, "the header announces entries up to index "
                        + (endIndex - 1) + ", the export ends " + (tree.size() == firstIndex ? "before any entry"
                        : "after index " + (tree.size() - 1)) + ": entries " + tree.size() + ".." + (endIndex - 1)
                        + " are missing");
            }
            if (vouchedEnd < tree.size()) {
                if (!allowUnsignedTail) {
                    throw fail(firstUnvouchedLine, vouchedEnd, ExportProblem.UNSIGNED_TAIL, "entries " + vouchedEnd + ".."
                            + (tree.size() - 1) + " come after the last signed tree head"
                            + (lastHead != null ? " (size " + lastHead.size() + ")" : "")
                            + ": no signature vouches for them (--allow-unsigned-tail accepts them, unverified)");
                }
                unsignedTail = tree.size() - vouchedEnd;
            }
        }

        private Rejected gap(long line, long missing, long found) throws IOException {
            ExportLines.Line later;
            while ((later = lines.next()) != null) {
                if (later.text() == null) {
                    continue;
                }
                try {
                    Map<String, Object> members = JsonLine.parse(later.text());
                    if ("event".equals(members.get("kind")) && Long.valueOf(missing).equals(members.get("index"))) {
                        return fail(line, missing, ExportProblem.OUT_OF_ORDER_INDEX, "index " + found
                                + " is where index " + missing + " belongs; index " + missing
                                + " comes later, on line " + later.number() + ": events were reordered");
                    }
                } catch (JsonLine.SyntaxException notJson) {
                    // Only looking for where the missing index went; the line's own fault would come later.
                }
            }
            return fail(line, missing, ExportProblem.MISSING_INDEX, "the event at index " + missing + " is missing: "
                    + (missing > firstIndex ? "index " + (missing - 1) + " is followed by index " + found
                    : "the export starts at index " + missing + " but its first event is index " + found));
        }

        private void requireSignature(SignedTreeHead head, long line) throws Rejected {
            if (!head.isSignedBy(key)) {
                throw fail(line, null, ExportProblem.HEAD_SIGNATURE_INVALID, "the signature over (size " + head.size()
                        + ", root " + base64url(head.rootHash()) + ", time " + head.timestamp()
                        + ") does not verify with the audit public key: the head was forged or altered");
            }
        }

        private void requireNotBack(SignedTreeHead head, long line) throws Rejected {
            if (lastHead != null && head.timestampMillis() < lastHead.timestampMillis()) {
                throw fail(line, null, ExportProblem.HEAD_GOES_BACK, "signed at " + head.timestamp()
                        + ", before the previous head (" + lastHead.timestamp() + ")");
            }
        }

        private void accept(SignedTreeHead head) {
            lastHead = head;
            headsVerified++;
            vouchedEnd = Math.max(vouchedEnd, Math.min(head.size(), tree.size()));
        }

        private String unvouchedRange() {
            if (tree.size() == vouchedEnd) {
                return "the entries before index " + vouchedEnd + " (the header's prefix)";
            }
            return "entries " + vouchedEnd + ".." + (tree.size() - 1) + " (lines " + firstUnvouchedLine + ".."
                    + lastEventLine + ")";
        }

        private Members members(ExportLines.Line line, ExportProblem problem) throws Rejected {
            if (line.text() == null) {
                throw fail(line.number(), null, problem, line.problem());
            }
            try {
                Map<String, Object> members = JsonLine.parse(line.text());
                if (!(members.get("kind") instanceof String)) {
                    throw fail(line.number(), null, problem, "no \"kind\" string member");
                }
                return new Members(line.number(), members);
            } catch (JsonLine.SyntaxException e) {
                throw fail(line.number(), null, problem, e.getMessage());
            }
        }
    }

    /** The members of one line, read with the checks the format requires. */
    private static final class Members {
        final long line;
        private final Map<String, Object> members;

        Members(long line, Map<String, Object> members) {
            this.line = line;
            this.members = members;
        }

        String kind() {
            return (String) members.get("kind");
        }

        void requireExactly(Set<String> names, ExportProblem problem) throws Rejected {
            for (String name : names) {
                if (!members.containsKey(name)) {
                    throw fail(line, null, problem, kind() + " line without \"" + name + "\"");
                }
            }
            for (String name : members.keySet()) {
                if (!names.contains(name)) {
                    throw fail(line, null, problem, kind() + " line with unknown member \"" + name + "\"");
                }
            }
        }

        String string(String name) throws Rejected {
            if (!(members.get(name) instanceof String value)) {
                throw fail(line, null, ExportProblem.MALFORMED_LINE, "\"" + name + "\" must be a string");
            }
            return value;
        }

        long count(String name) throws Rejected {
            if (!(members.get(name) instanceof Long value) || value < 0) {
                throw fail(line, null, ExportProblem.MALFORMED_LINE, "\"" + name + "\" must be an integer ≥ 0");
            }
            return value;
        }

        byte[] bytes(String name, String value) throws Rejected {
            try {
                return Base64Url.decode(value);
            } catch (InvalidEncodingException notBase64url) {
                throw fail(line, null, ExportProblem.MALFORMED_LINE, "\"" + name + "\" is not base64url without padding");
            }
        }

        byte[] hash(String name) throws Rejected {
            byte[] hash = bytes(name, string(name));
            if (hash.length != MerkleHashes.BYTES) {
                throw fail(line, null, ExportProblem.MALFORMED_LINE, "\"" + name + "\" must be a 32-byte hash, got "
                        + hash.length + " bytes");
            }
            return hash;
        }

        List<byte[]> hashes(String name) throws Rejected {
            if (!(members.get(name) instanceof List<?> values)) {
                throw fail(line, null, ExportProblem.MALFORMED_LINE, "\"" + name + "\" must be an array of hashes");
            }
            if (values.size() > Long.SIZE) {
                throw fail(line, null, ExportProblem.MALFORMED_LINE, "\"" + name + "\" has more hashes than any tree needs");
            }
            List<byte[]> hashes = new ArrayList<>(values.size());
            for (Object value : values) {
                byte[] hash = bytes(name, (String) value);
                if (hash.length != MerkleHashes.BYTES) {
                    throw fail(line, null, ExportProblem.MALFORMED_LINE, "\"" + name + "\" holds a value that is not a 32-byte hash");
                }
                hashes.add(hash);
            }
            return hashes;
        }

        SignedTreeHead head() throws Rejected {
            return new SignedTreeHead(count("size"), hash("rootHash"), count("timestamp"),
                    bytes("signature", string("signature")));
        }
    }

    private static Rejected fail(long line, Long index, ExportProblem problem, String detail) {
        return new Rejected(new ExportFailure(line, index == null ? OptionalLong.empty() : OptionalLong.of(index),
                problem, detail));
    }

    private static String base64url(byte[] bytes) {
        return Base64Url.encode(bytes);
    }
}
