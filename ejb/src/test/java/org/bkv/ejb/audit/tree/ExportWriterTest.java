package org.bkv.ejb.audit.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The export's exact lines, and the structural rules the writer enforces so the server cannot write a broken export. */
class ExportWriterTest {

    /** A syntactically valid DER signature; the writer does not verify signatures. */
    private static final byte[] SIGNATURE = HexFormat.of().parseHex("3006020101020102");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void linesAreTheDocumentedJson() throws IOException {
        byte[] entry = CanonicalEvent.toEntry(Map.of("type", "RECORD_LOCKED", "details", "say \"hi\"\n"));
        InMemoryTree tree = new InMemoryTree();
        tree.append(MerkleHash.leaf(entry));
        ExportWriter writer = ExportWriter.begin(out, 0, 1, List.of());
        writer.event(0, entry, MerkleHash.leaf(entry));
        writer.treeHead(head(1, tree.rootHash(), 1_700_000_000_000L));
        writer.finish();
        assertThat(lines()).containsExactly(
                "{\"kind\":\"header\",\"format\":\"bkv-audit-export-v1\",\"firstIndex\":0,\"endIndex\":1,\"prefix\":[]}",
                "{\"kind\":\"event\",\"index\":0,\"entry\":\"{\\\"details\\\":\\\"say \\\\\\\"hi\\\\\\\"\\\\n\\\","
                        + "\\\"type\\\":\\\"RECORD_LOCKED\\\"}\",\"leafHash\":\"" + b64(MerkleHash.leaf(entry)) + "\"}",
                "{\"kind\":\"treeHead\",\"size\":1,\"rootHash\":\"" + b64(tree.rootHash())
                        + "\",\"timestamp\":1700000000000,\"signature\":\"MAYCAQECAQI\"}");
        assertThat(out.toString(StandardCharsets.UTF_8)).endsWith("}\n");
    }

    @Test
    void aRangeCarriesItsPrefixItsHeadsInPlaceAndALaterHeadWithItsConsistencyProof() throws IOException {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            entries.add(CanonicalEvent.toEntry(Map.of("type", "RECORD_REGISTERED", "details", "event " + i)));
        }
        InMemoryTree tree = MerkleTreeProofsTest.treeOf(entries);
        List<SequencedEntry> range = new ArrayList<>();
        for (int i = 5; i < 12; i++) {
            range.add(SequencedEntry.of(i, entries.get(i)));
        }
        List<SignedTreeHead> heads = List.of(head(5, tree.proofs().rootHash(5), 10), head(9, tree.proofs().rootHash(9), 11),
                head(9, tree.proofs().rootHash(9), 12));
        ExportWriter.writeRange(out, tree.proofs(), 5, 12, range.iterator(), heads,
                Optional.of(head(20, tree.rootHash(), 13)));
        List<String> lines = lines();
        assertThat(lines.get(0)).isEqualTo("{\"kind\":\"header\",\"format\":\"bkv-audit-export-v1\",\"firstIndex\":5,"
                + "\"endIndex\":12,\"prefix\":[\"" + b64(tree.subtreeHash(2, 0)) + "\",\"" + b64(tree.leafHash(4)) + "\"]}");
        assertThat(lines).extracting(line -> line.substring(9, line.indexOf('"', 9))).containsExactly("header",
                "treeHead", "event", "event", "event", "event", "treeHead", "treeHead", "event", "event", "event",
                "laterTreeHead");
        assertThat(lines.get(11)).endsWith(",\"consistency\":" + hashArray(tree.proofs().consistencyProof(12, 20)) + "}");
    }

    @Test
    void eventsMustComeInIndexOrderWithinTheRange() throws IOException {
        ExportWriter writer = ExportWriter.begin(out, 3, 5, List.of(new byte[32], new byte[32]));
        assertThatThrownBy(() -> writer.event(4, new byte[] {'x'}, new byte[32])).isInstanceOf(IllegalStateException.class);
        writer.event(3, new byte[] {'x'}, new byte[32]);
        writer.event(4, new byte[] {'y'}, new byte[32]);
        assertThatThrownBy(() -> writer.event(5, new byte[] {'z'}, new byte[32])).isInstanceOf(IllegalStateException.class);
        writer.finish();
    }

    @Test
    void headsMustSitRightAfterTheEventThatCompletesThemAndNeverGoBack() throws IOException {
        ExportWriter writer = ExportWriter.begin(out, 0, 3, List.of());
        writer.event(0, new byte[] {'a'}, new byte[32]);
        assertThatThrownBy(() -> writer.treeHead(head(2, new byte[32], 5))).isInstanceOf(IllegalStateException.class);
        writer.treeHead(head(1, new byte[32], 5));
        writer.event(1, new byte[] {'b'}, new byte[32]);
        assertThatThrownBy(() -> writer.treeHead(head(2, new byte[32], 4))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("back in size or time");
    }

    @Test
    void incompleteOrMalformedExportsAreRefused() throws IOException {
        assertThatThrownBy(() -> ExportWriter.begin(out, 3, 5, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 prefix hashes");
        assertThatThrownBy(() -> ExportWriter.begin(out, 5, 3, List.of(new byte[32], new byte[32])))
                .isInstanceOf(IllegalArgumentException.class);
        ExportWriter writer = ExportWriter.begin(out, 0, 2, List.of());
        assertThatThrownBy(() -> writer.event(0, new byte[] {(byte) 0xff}, new byte[32]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not UTF-8");
        writer.event(0, new byte[] {'a'}, new byte[32]);
        assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> writer.laterTreeHead(head(9, new byte[32], 1), List.of(new byte[32])))
                .isInstanceOf(IllegalStateException.class);
    }

    private static SignedTreeHead head(long size, byte[] root, long time) {
        return new SignedTreeHead(new TreeHead(size, root, time), SIGNATURE);
    }

    private List<String> lines() {
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hashArray(List<byte[]> hashes) {
        return "[" + String.join(",", hashes.stream().map(h -> "\"" + b64(h) + "\"").toList()) + "]";
    }
}
