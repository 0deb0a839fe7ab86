package org.bkv.ejb.audit.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The sequencer's incremental root: equal to MTH by definition at every size, restorable, and reporting completed subtrees. */
class TreeFrontierTest {

    @Test
    void incrementalRootEqualsTheDefinitionAtEverySizeUpTo300() {
        List<byte[]> entries = randomEntries(300, 5);
        TreeFrontier frontier = TreeFrontier.empty();
        assertThat(frontier.rootHash()).isEqualTo(Rfc9162Reference.mth(List.of()));
        for (int size = 1; size <= entries.size(); size++) {
            frontier.append(MerkleHash.leaf(entries.get(size - 1)));
            assertThat(frontier.size()).isEqualTo(size);
            assertThat(frontier.rootHash()).as("size %d", size).isEqualTo(Rfc9162Reference.mth(entries.subList(0, size)));
            assertThat(frontier.hashes()).hasSize(Integer.bitCount(size));
        }
    }

    @Test
    void aRestoredFrontierContinuesExactlyLikeTheOriginal() {
        List<byte[]> entries = randomEntries(200, 6);
        TreeFrontier original = TreeFrontier.empty();
        for (int i = 0; i < 77; i++) {
            original.append(MerkleHash.leaf(entries.get(i)));
        }
        TreeFrontier restored = TreeFrontier.restore(original.size(), original.hashes());
        TreeFrontier copy = original.copy();
        for (int i = 77; i < entries.size(); i++) {
            original.append(MerkleHash.leaf(entries.get(i)));
            restored.append(MerkleHash.leaf(entries.get(i)));
        }
        assertThat(restored.rootHash()).isEqualTo(original.rootHash()).isEqualTo(Rfc9162Reference.mth(entries));
        assertThat(copy.size()).as("a copy is independent").isEqualTo(77);
    }

    @Test
    void theFrontierIsTheExportPrefixTheProofsComputeForTheSameSize() {
        InMemoryTree tree = MerkleTreeProofsTest.treeOf(randomEntries(130, 7));
        TreeFrontier frontier = TreeFrontier.empty();
        for (int size = 0; size <= 130; size++) {
            assertThat(frontier.hashes()).as("size %d", size).containsExactlyElementsOf(tree.proofs().frontier(size));
            if (size < 130) {
                frontier.append(tree.leafHash(size));
            }
        }
    }

    @Test
    void everyCompletedSubtreeIsReportedOnceWithItsHash() {
        List<byte[]> entries = randomEntries(100, 8);
        TreeFrontier frontier = TreeFrontier.empty();
        List<long[]> positions = new ArrayList<>();
        for (byte[] entry : entries) {
            frontier.append(MerkleHash.leaf(entry), (level, index, hash) -> {
                int from = (int) (index << level);
                assertThat(hash).isEqualTo(Rfc9162Reference.mth(entries.subList(from, from + (1 << level))));
                positions.add(new long[] {level, index});
            });
        }
        // 100 leaves: 100 + 50 + 25 + 12 + 6 + 3 + 1 complete subtrees.
        assertThat(positions).hasSize(197);
    }

    @Test
    void aFrontierWithTheWrongNumberOfHashesIsRefused() {
        assertThatThrownBy(() -> TreeFrontier.restore(5, List.of(new byte[32])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 frontier hashes");
        assertThatThrownBy(() -> TreeFrontier.restore(1, List.of(new byte[31])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TreeFrontier.empty().append(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }

    static List<byte[]> randomEntries(int count, long seed) {
        Random random = new Random(seed);
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] entry = new byte[random.nextInt(40)];
            random.nextBytes(entry);
            entries.add(entry);
        }
        return entries;
    }
}
