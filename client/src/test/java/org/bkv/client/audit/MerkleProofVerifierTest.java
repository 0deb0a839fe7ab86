package org.bkv.client.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The client's RFC 9162 verification and compact tree, against proofs built by the definition in {@link TestExports}. */
class MerkleProofVerifierTest {

    private static final HexFormat HEX = HexFormat.of();
    private final TestExports log = new TestExports(41);

    @Test
    void theCertificateTransparencyReferenceProofsVerify() {
        byte[] root8 = HEX.parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
        byte[] root6 = HEX.parseHex("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef");
        assertThat(MerkleProofVerifier.verifyInclusion(5, 8, MerkleHashes.leaf(HEX.parseHex("40414243")), hex(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"), root8)).isTrue();
        assertThat(MerkleProofVerifier.verifyConsistency(6, 8, root6, root8, hex(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"))).isTrue();
    }

    @Test
    void everyInclusionProofVerifiesAndAnyChangeFails() {
        for (int size = 1; size <= 40; size++) {
            byte[] root = log.root(size);
            for (int index = 0; index < size; index++) {
                byte[] leaf = TestExports.leaf(log.entries.get(index));
                List<byte[]> path = log.inclusionProof(index, 0, size);
                assertThat(MerkleProofVerifier.verifyInclusion(index, size, leaf, path, root)).isTrue();
                for (int element = 0; element < path.size(); element++) {
                    assertThat(MerkleProofVerifier.verifyInclusion(index, size, leaf, flipped(path, element), root)).isFalse();
                }
                assertThat(MerkleProofVerifier.verifyInclusion((index + 1) % size, size, leaf, path, root) && size > 1).isFalse();
                assertThat(MerkleProofVerifier.verifyInclusion(index, size, leaf, path, log.root(size + 1))).isFalse();
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndAnyChangeFails() {
        for (int second = 1; second <= 40; second++) {
            for (int first = 1; first <= second; first++) {
                List<byte[]> proof = log.consistencyProof(first, second);
                assertThat(MerkleProofVerifier.verifyConsistency(first, second, log.root(first), log.root(second), proof))
                        .as("%d → %d", first, second).isTrue();
                for (int element = 0; element < proof.size(); element++) {
                    assertThat(MerkleProofVerifier.verifyConsistency(first, second, log.root(first), log.root(second),
                            flipped(proof, element))).isFalse();
                }
                if (first < second) {
                    assertThat(MerkleProofVerifier.verifyConsistency(first, second, log.root(first - 1 == 0 ? 2 : first - 1),
                            log.root(second), proof)).isFalse();
                }
            }
        }
        assertThat(MerkleProofVerifier.verifyConsistency(0, 3, log.root(0), log.root(3), List.of())).isFalse();
    }

    @Test
    void theCompactTreeHasTheRootOfTheDefinitionAtEverySizeAndFromAnyPrefix() {
        CompactTree tree = new CompactTree();
        assertThat(tree.rootHash()).isEqualTo(log.root(0));
        for (int size = 1; size <= 40; size++) {
            tree.append(TestExports.leaf(log.entries.get(size - 1)));
            assertThat(tree.rootHash()).isEqualTo(log.root(size));
        }
        CompactTree resumed = new CompactTree(13, log.frontier(13));
        for (int i = 13; i < 40; i++) {
            resumed.append(TestExports.leaf(log.entries.get(i)));
        }
        assertThat(resumed.rootHash()).isEqualTo(log.root(40));
    }

    private static List<byte[]> hex(String... values) {
        List<byte[]> bytes = new ArrayList<>();
        for (String value : values) {
            bytes.add(HEX.parseHex(value));
        }
        return bytes;
    }

    private static List<byte[]> flipped(List<byte[]> hashes, int element) {
        List<byte[]> copy = new ArrayList<>(hashes);
        byte[] changed = copy.get(element).clone();
        changed[3] ^= 0x40;
        copy.set(element, changed);
        return copy;
    }
}
