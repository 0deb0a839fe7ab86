package org.bkv.ejb.audit.tree;

import org.bkv.opaque.Base64Url;
import java.io.BufferedWriter;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes an audit export ({@code bkv-audit-export-v1}, docs/AUDIT.md): JSON Lines, UTF-8, one header, the
 * events of [firstIndex, endIndex) in order with each tree head right after the event that completes it,
 * and optionally one later tree head with a consistency proof. Streaming: it holds nothing but counters.
 *
 * <p>It refuses (IllegalStateException / IllegalArgumentException) any call that would produce an export the
 * verifier must reject for its structure, so a wiring mistake fails here and not at the auditor's desk. It
 * writes entries and leaf hashes as the store holds them, without judging them: that is the verifier's job.
 */
public final class ExportWriter implements Flushable {

    /** The value of the header's {@code format}. */
    public static final String FORMAT = "bkv-audit-export-v1";


    private final Writer out;
    private final long endIndex;
    private long nextIndex;
    private TreeHead lastHead;
    private boolean closedByLaterHead;

    private ExportWriter(Writer out, long firstIndex, long endIndex) {
        this.out = out;
        this.nextIndex = firstIndex;
        this.endIndex = endIndex;
    }

    /**
     * Starts an export of the events [firstIndex, endIndex) and writes the header. {@code prefix} is
     * {@link MerkleTree#frontier}(firstIndex): empty when firstIndex is 0.
     */
    public static ExportWriter begin(OutputStream out, long firstIndex, long endIndex, List<byte[]> prefix)
            throws IOException {
        Objects.requireNonNull(out, "out");
        if (firstIndex < 0 || endIndex < firstIndex) {
            throw new IllegalArgumentException("not a range of leaf indexes: [" + firstIndex + ", " + endIndex + ")");
        }
        if (prefix.size() != Long.bitCount(firstIndex)) {
            throw new IllegalArgumentException("an export starting at " + firstIndex + " needs "
                    + Long.bitCount(firstIndex) + " prefix hashes, got " + prefix.size());
        }
        ExportWriter writer = new ExportWriter(
                new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16), firstIndex, endIndex);
        writer.line("{\"kind\":\"header\",\"format\":\"" + FORMAT + "\",\"firstIndex\":" + firstIndex
                + ",\"endIndex\":" + endIndex + ",\"prefix\":" + hashArray(prefix) + "}");
        return writer;
    }

    /**
     * Writes a whole range: header, entries interleaved with {@code heads} (those with firstIndex ≤ size ≤
     * endIndex, ascending), then {@code laterHead} (size > endIndex) with its consistency proof from
     * {@code tree}. {@code tree} must reach every size involved; {@code entries} yields exactly the range.
     */
    public static void writeRange(OutputStream out, MerkleTree tree, long firstIndex, long endIndex,
                                  Iterator<SequencedEntry> entries, List<SignedTreeHead> heads,
                                  Optional<SignedTreeHead> laterHead) throws IOException {
        ExportWriter writer = begin(out, firstIndex, endIndex, tree.frontier(firstIndex));
        Iterator<SignedTreeHead> pending = heads.iterator();
        SignedTreeHead head = pending.hasNext() ? pending.next() : null;
        for (long index = firstIndex; ; index++) {
            while (head != null && head.head().size() == index) {
                writer.treeHead(head);
                head = pending.hasNext() ? pending.next() : null;
            }
            if (index == endIndex) {
                break;
            }
            if (!entries.hasNext()) {
                throw new IllegalArgumentException("entries end at index " + index + ", before " + endIndex);
            }
            SequencedEntry entry = entries.next();
            writer.event(entry.index(), entry.entry(), entry.leafHash());
        }
        if (head != null) {
            throw new IllegalArgumentException("tree head of size " + head.head().size()
                    + " is not in [" + firstIndex + ", " + endIndex + "] or not in ascending order");
        }
        if (laterHead.isPresent()) {
            writer.laterTreeHead(laterHead.get(), tree.consistencyProof(endIndex, laterHead.get().head().size()));
        }
        writer.finish();
    }

    /** The event at {@code index}: its exact entry bytes (UTF-8 text) and its stored leaf hash. */
    public void event(long index, byte[] entry, byte[] leafHash) throws IOException {
        requireOpen();
        if (index != nextIndex) {
            throw new IllegalStateException("expected the event at index " + nextIndex + ", got " + index);
        }
        if (index >= endIndex) {
            throw new IllegalStateException("index " + index + " is past the end of the export, " + endIndex);
        }
        MerkleHash.requireHash(leafHash, "leaf hash");
        StringBuilder line = new StringBuilder(entry.length + 120)
                .append("{\"kind\":\"event\",\"index\":").append(index).append(",\"entry\":");
        JsonText.appendQuoted(line, utf8(entry, index));
        line.append(",\"leafHash\":\"").append(Base64Url.encode(leafHash)).append("\"}");
        line(line.toString());
        nextIndex++;
    }

    /** A tree head, right after the event that makes the log {@code head.size()} long. */
    public void treeHead(SignedTreeHead signed) throws IOException {
        requireOpen();
        TreeHead head = signed.head();
        if (head.size() != nextIndex) {
            throw new IllegalStateException("a tree head of size " + head.size() + " cannot follow index "
                    + (nextIndex - 1) + ": it goes right after the event at index " + (head.size() - 1));
        }
        requireNotOlder(head);
        line("{\"kind\":\"treeHead\"," + headMembers(signed) + "}");
        lastHead = head;
    }

    /**
     * After the last event: a head signed later, over a larger tree, with the consistency proof from
     * endIndex to its size. It vouches for events written after the last head inside the range.
     */
    public void laterTreeHead(SignedTreeHead signed, List<byte[]> consistencyFromEnd) throws IOException {
        requireOpen();
        if (nextIndex != endIndex) {
            throw new IllegalStateException("the later tree head comes after the last event, index " + (endIndex - 1));
        }
        if (endIndex == 0 || signed.head().size() <= endIndex) {
            throw new IllegalArgumentException("a later tree head must be larger than the non-empty export, "
                    + endIndex + " events; got size " + signed.head().size());
        }
        if (consistencyFromEnd.isEmpty()) {
            throw new IllegalArgumentException("a consistency proof between different sizes is never empty");
        }
        requireNotOlder(signed.head());
        line("{\"kind\":\"laterTreeHead\"," + headMembers(signed) + ",\"consistency\":"
                + hashArray(consistencyFromEnd) + "}");
        lastHead = signed.head();
        closedByLaterHead = true;
    }

    /** Checks that the range is complete and flushes. The caller closes the stream. */
    public void finish() throws IOException {
        if (nextIndex != endIndex) {
            throw new IllegalStateException("export ends at index " + nextIndex + ", before its end " + endIndex);
        }
        out.flush();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    private void requireOpen() {
        if (closedByLaterHead) {
            throw new IllegalStateException("nothing may follow the later tree head");
        }
    }

    private void requireNotOlder(TreeHead head) {
        if (lastHead != null && (head.size() < lastHead.size() || head.timestampMillis() < lastHead.timestampMillis())) {
            throw new IllegalStateException("tree heads must not go back in size or time: " + lastHead + " then " + head);
        }
    }

    private static String headMembers(SignedTreeHead signed) {
        TreeHead head = signed.head();
        return "\"size\":" + head.size() + ",\"rootHash\":\"" + Base64Url.encode(head.rootHash())
                + "\",\"timestamp\":" + head.timestampMillis() + ",\"signature\":\""
                + Base64Url.encode(signed.signature()) + "\"";
    }

    private static String hashArray(List<byte[]> hashes) {
        List<String> encoded = new ArrayList<>(hashes.size());
        for (byte[] hash : hashes) {
            encoded.add('"' + Base64Url.encode(MerkleHash.requireHash(hash, "hash")) + '"');
        }
        return "[" + String.join(",", encoded) + "]";
    }

    private static String utf8(byte[] entry, long index) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(entry)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("entry at index " + index + " is not UTF-8 text", e);
        }
    }

    private void line(String json) throws IOException {
        out.write(json);
        out.write('\n');
    }
}
