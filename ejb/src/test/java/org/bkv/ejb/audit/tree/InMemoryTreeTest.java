package org.bkv.ejb.audit.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The reference store at a size where reading every leaf per proof would show: 2^18 + 12,345 leaves. */
class InMemoryTreeTest {

    private static final int SIZE = (1 << 18) + 12_345;

    @Test
    void proofsOverAQuarterMillionLeavesVerifyAndReadFewSubtrees() {
        InMemoryTree tree = new InMemoryTree();
        for (int i = 0; i < SIZE; i++) {
            assertThat(tree.append(MerkleHash.leaf(entry(i)))).isEqualTo(i);
        }
        int[] reads = new int[1];
        MerkleTree counted = MerkleTree.over(new SubtreeHashes() {
            @Override
            public long size() {
                return tree.size();
            }

            @Override
            public byte[] subtreeHash(int level, long index) {
                reads[0]++;
                return tree.subtreeHash(level, index);
            }
        });
        Random random = new Random(5);
        for (int sample = 0; sample < 200; sample++) {
            long size = 1 + random.nextInt(SIZE);
            long index = random.nextInt((int) size);
            byte[] root = counted.rootHash(size);
            reads[0] = 0;
            List<byte[]> path = counted.inclusionProof(index, size);
            assertThat(reads[0]).as("subtree reads for one proof").isLessThan(20 * 20);
            assertThat(Rfc9162Reference.verifyInclusion(index, size, Rfc9162Reference.leafHash(entry((int) index)), path, root))
                    .isTrue();
            long first = 1 + random.nextInt((int) size);
            assertThat(first == size || Rfc9162Reference.verifyConsistency(first, size, counted.rootHash(first), root,
                    counted.consistencyProof(first, size))).isTrue();
        }
        assertThat(tree.rootHash()).isEqualTo(tree.proofs().rootHash(SIZE));
    }

    @Test
    void subtreesThatAreNotCompleteAreNotServed() {
        InMemoryTree tree = new InMemoryTree();
        for (int i = 0; i < 5; i++) {
            tree.append(MerkleHash.leaf(entry(i)));
        }
        assertThat(tree.subtreeHash(2, 0)).isEqualTo(Rfc9162Reference.mth(List.of(entry(0), entry(1), entry(2), entry(3))));
        assertThatThrownBy(() -> tree.subtreeHash(1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.subtreeHash(3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.leafHash(5)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] entry(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }
}
