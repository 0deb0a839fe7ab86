package org.bkv.ejb.audit.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Roots, inclusion proofs and consistency proofs, judged by {@link Rfc9162Reference}: every (index, size)
 * and (first, second) pair up to 64 leaves, random samples up to 5,000, the Certificate Transparency
 * reference vectors, and proofs that must fail.
 */
class MerkleTreeProofsTest {

    private static final int EXHAUSTIVE = 64;
    private static final int LARGEST = 5_000;
    private static final int SAMPLES = 1_500;
    private static final HexFormat HEX = HexFormat.of();

    /** The CT reference leaves (certificate-transparency merkle_tree_test, RFC 6962 hashing = RFC 9162's). */
    private static final List<byte[]> CT_ENTRIES = hex("", "00", "10", "2021", "3031", "40414243",
            "5051525354555657", "606162636465666768696a6b6c6d6e6f");
    private static final List<String> CT_ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static List<byte[]> entries;
    private static InMemoryTree tree;
    private static MerkleTree proofs;
    private static final Map<Integer, byte[]> referenceRoots = new HashMap<>();

    @BeforeAll
    static void buildOneTreeOf5000Leaves() {
        Random random = new Random(9162);
        entries = new ArrayList<>(LARGEST);
        tree = new InMemoryTree();
        for (int i = 0; i < LARGEST; i++) {
            byte[] entry = new byte[random.nextInt(48)];
            random.nextBytes(entry);
            entries.add(entry);
            tree.append(MerkleHash.leaf(entry));
        }
        proofs = tree.proofs();
    }

    @Test
    void rootsMatchTheCertificateTransparencyReferenceVectors() {
        InMemoryTree ct = treeOf(CT_ENTRIES);
        for (int size = 0; size <= CT_ENTRIES.size(); size++) {
            assertThat(HEX.formatHex(ct.proofs().rootHash(size))).as("size %d", size).isEqualTo(CT_ROOTS.get(size));
        }
        assertThat(HEX.formatHex(MerkleHash.emptyTree())).isEqualTo(CT_ROOTS.get(0));
    }

    @Test
    void proofsMatchTheCertificateTransparencyReferenceVectors() {
        MerkleTree ct = treeOf(CT_ENTRIES).proofs();
        assertThat(ct.inclusionProof(0, 8)).map(HEX::formatHex).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(ct.inclusionProof(5, 8)).map(HEX::formatHex).containsExactly(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(ct.inclusionProof(2, 3)).map(HEX::formatHex).containsExactly(
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        assertThat(ct.consistencyProof(1, 1)).isEmpty();
        assertThat(ct.consistencyProof(1, 8)).map(HEX::formatHex).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(ct.consistencyProof(6, 8)).map(HEX::formatHex).containsExactly(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(ct.consistencyProof(2, 5)).map(HEX::formatHex).containsExactly(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    }

    @Test
    void rootsMatchTheDefinitionForEverySizeUpTo64AndSampledSizesUpTo5000() {
        for (int size = 0; size <= EXHAUSTIVE; size++) {
            assertThat(proofs.rootHash(size)).as("size %d", size).isEqualTo(referenceRoot(size));
        }
        Random random = new Random(1);
        for (int sample = 0; sample < 60; sample++) {
            int size = 1 + random.nextInt(LARGEST);
            assertThat(proofs.rootHash(size)).as("size %d", size).isEqualTo(referenceRoot(size));
        }
        assertThat(tree.rootHash()).isEqualTo(referenceRoot(LARGEST));
    }

    @Test
    void everyInclusionProofVerifiesInEveryTreeUpTo64Leaves() {
        int verified = 0;
        for (int size = 1; size <= EXHAUSTIVE; size++) {
            for (int index = 0; index < size; index++) {
                assertInclusionVerifies(index, size);
                verified++;
            }
        }
        assertThat(verified).isEqualTo(EXHAUSTIVE * (EXHAUSTIVE + 1) / 2);
    }

    @Test
    void everyConsistencyProofVerifiesForEverySizePairUpTo64() {
        for (int second = 1; second <= EXHAUSTIVE; second++) {
            for (int first = 1; first <= second; first++) {
                assertConsistencyVerifies(first, second);
            }
        }
    }

    @Test
    void sampledInclusionProofsVerifyInTreesUpTo5000Leaves() {
        Random random = new Random(2);
        List<Integer> sizes = sampledSizes();
        for (int sample = 0; sample < SAMPLES; sample++) {
            int size = sizes.get(random.nextInt(sizes.size()));
            int index = sample % 10 == 0 ? size - 1 : random.nextInt(size);
            assertInclusionVerifies(index, size);
        }
    }

    @Test
    void sampledConsistencyProofsVerifyBetweenTreesUpTo5000Leaves() {
        Random random = new Random(3);
        List<Integer> sizes = sampledSizes();
        for (int sample = 0; sample < SAMPLES; sample++) {
            int a = sizes.get(random.nextInt(sizes.size()));
            int b = sizes.get(random.nextInt(sizes.size()));
            assertConsistencyVerifies(Math.min(a, b), Math.max(a, b));
        }
    }

    /** 80 random sizes in 65..5000, every power of two up to 4096, and 5000: reference roots cost O(n) each. */
    private static List<Integer> sampledSizes() {
        Random random = new Random(4);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            sizes.add(EXHAUSTIVE + 1 + random.nextInt(LARGEST - EXHAUSTIVE));
        }
        for (int power = 1; power <= 4096; power <<= 1) {
            sizes.add(power);
        }
        sizes.add(LARGEST);
        return sizes;
    }

    @Test
    void tamperedInclusionProofsFailForEveryTreeUpTo64Leaves() {
        for (int size = 1; size <= EXHAUSTIVE; size++) {
            byte[] root = referenceRoot(size);
            for (int index = 0; index < size; index++) {
                List<byte[]> path = proofs.inclusionProof(index, size);
                byte[] leaf = leafHash(index);
                for (int element = 0; element < path.size(); element++) {
                    assertThat(Rfc9162Reference.verifyInclusion(index, size, leaf, flipped(path, element), root))
                            .as("element %d flipped, index %d, size %d", element, index, size).isFalse();
                }
                for (int wrongIndex = 0; wrongIndex < size; wrongIndex++) {
                    if (wrongIndex != index) {
                        assertThat(Rfc9162Reference.verifyInclusion(wrongIndex, size, leaf, path, root))
                                .as("index %d claimed as %d, size %d", index, wrongIndex, size).isFalse();
                    }
                }
                assertThat(Rfc9162Reference.verifyInclusion(index, size, leafHash((index + 1) % size), path, root)
                        && size > 1).as("another leaf").isFalse();
                for (int wrongSize = index + 1; wrongSize <= EXHAUSTIVE; wrongSize++) {
                    if (wrongSize != size) {
                        assertThat(Rfc9162Reference.verifyInclusion(index, wrongSize, leaf, path, referenceRoot(wrongSize)))
                                .as("proof for size %d against the tree of size %d", size, wrongSize).isFalse();
                    }
                }
                if (!path.isEmpty()) {
                    assertThat(Rfc9162Reference.verifyInclusion(index, size, leaf, path.subList(0, path.size() - 1), root))
                            .as("truncated").isFalse();
                }
                List<byte[]> longer = new ArrayList<>(path);
                longer.add(root);
                assertThat(Rfc9162Reference.verifyInclusion(index, size, leaf, longer, root)).as("extended").isFalse();
            }
        }
    }

    @Test
    void tamperedConsistencyProofsFailForEverySizePairUpTo64() {
        for (int second = 2; second <= EXHAUSTIVE; second++) {
            for (int first = 1; first < second; first++) {
                List<byte[]> proof = proofs.consistencyProof(first, second);
                byte[] firstRoot = referenceRoot(first);
                byte[] secondRoot = referenceRoot(second);
                for (int element = 0; element < proof.size(); element++) {
                    assertThat(Rfc9162Reference.verifyConsistency(first, second, firstRoot, secondRoot, flipped(proof, element)))
                            .as("element %d flipped, %d → %d", element, first, second).isFalse();
                }
                for (int wrongFirst = 1; wrongFirst < second; wrongFirst++) {
                    if (wrongFirst != first) {
                        assertThat(Rfc9162Reference.verifyConsistency(wrongFirst, second, referenceRoot(wrongFirst),
                                secondRoot, proof)).as("%d → %d claimed from %d", first, second, wrongFirst).isFalse();
                    }
                }
                for (int wrongSecond = first + 1; wrongSecond <= EXHAUSTIVE; wrongSecond++) {
                    if (wrongSecond != second) {
                        assertThat(Rfc9162Reference.verifyConsistency(first, wrongSecond, firstRoot,
                                referenceRoot(wrongSecond), proof)).as("%d → %d claimed to %d", first, second, wrongSecond)
                                .isFalse();
                    }
                }
                assertThat(Rfc9162Reference.verifyConsistency(first, second, flipped(List.of(firstRoot), 0).get(0),
                        secondRoot, proof)).as("other first root").isFalse();
            }
        }
    }

    @Test
    void proofsFromLeafHashesAloneEqualProofsFromStoredSubtrees() {
        MerkleTree fromLeaves = MerkleTree.over(new LeafHashes() {
            @Override
            public long size() {
                return 300;
            }

            @Override
            public byte[] leafHash(long index) {
                return MerkleTreeProofsTest.leafHash((int) index);
            }
        });
        for (int size = 1; size <= 300; size += 13) {
            assertThat(fromLeaves.rootHash(size)).isEqualTo(proofs.rootHash(size));
            for (int index = 0; index < size; index += 11) {
                assertThat(fromLeaves.inclusionProof(index, size)).containsExactlyElementsOf(proofs.inclusionProof(index, size));
            }
            for (int first = 1; first <= size; first += 9) {
                assertThat(fromLeaves.consistencyProof(first, size)).containsExactlyElementsOf(proofs.consistencyProof(first, size));
            }
            assertThat(fromLeaves.frontier(size)).containsExactlyElementsOf(proofs.frontier(size));
        }
    }

    @Test
    void impossibleProofRequestsAreRefused() {
        assertThatThrownBy(() -> proofs.inclusionProof(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proofs.inclusionProof(-1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proofs.inclusionProof(0, LARGEST + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proofs.consistencyProof(0, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proofs.consistencyProof(6, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proofs.rootHash(LARGEST + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertInclusionVerifies(int index, int size) {
        List<byte[]> path = proofs.inclusionProof(index, size);
        assertThat(Rfc9162Reference.verifyInclusion(index, size, leafHash(index), path, referenceRoot(size)))
                .as("inclusion of %d in %d", index, size).isTrue();
    }

    private static void assertConsistencyVerifies(int first, int second) {
        List<byte[]> proof = proofs.consistencyProof(first, second);
        if (first == second) {
            assertThat(proof).isEmpty();
            return;
        }
        assertThat(Rfc9162Reference.verifyConsistency(first, second, referenceRoot(first), referenceRoot(second), proof))
                .as("consistency %d → %d", first, second).isTrue();
    }

    private static byte[] leafHash(int index) {
        return Rfc9162Reference.leafHash(entries.get(index));
    }

    private static byte[] referenceRoot(int size) {
        return referenceRoots.computeIfAbsent(size, n -> Rfc9162Reference.mth(entries.subList(0, n))).clone();
    }

    private static List<byte[]> flipped(List<byte[]> hashes, int element) {
        List<byte[]> copy = new ArrayList<>(hashes);
        byte[] changed = copy.get(element).clone();
        changed[element % changed.length] ^= 0x01;
        copy.set(element, changed);
        return copy;
    }

    static InMemoryTree treeOf(List<byte[]> entries) {
        InMemoryTree tree = new InMemoryTree();
        entries.forEach(entry -> tree.append(MerkleHash.leaf(entry)));
        return tree;
    }

    private static List<byte[]> hex(String... values) {
        List<byte[]> bytes = new ArrayList<>();
        for (String value : values) {
            bytes.add(HEX.parseHex(value));
        }
        return bytes;
    }
}
