package org.bkv.ejb.infrastructure.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.bkv.ejb.audit.tree.MerkleTree;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 proof 2: inclusion and consistency proofs served from the stored subtree hashes (the path AuditService
 * takes) are checked by an RFC 9162 verifier written here, independently of the production tree code and of the
 * client's verifier: roots by the §2.1.1 definition over leaf hashes recomputed from the stored entries, proofs by
 * the §2.1.3.2 and §2.1.4.2 algorithms. 5,000 events sequenced by the real sequencer; random tree sizes 1..5,000.
 */
class StoredProofsTest {

    private static final int EVENTS = 5_000;
    private static final long SEED = Long.getLong("bkv.test.seed", System.nanoTime());
    private static AuditTestDatabase db;
    private static List<byte[]> leaves;

    @BeforeAll
    static void logOfFiveThousandEvents() throws Exception {
        db = AuditTestDatabase.h2Memory("proofs-" + UUID.randomUUID());
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(AuditSequencingTest.event(i));
        }
        db.record(events);
        AuditSigningStatus status = db.sequencing(SoftwareAuditSigner::new, 0).tick();
        assertThat(status.treeSize()).isEqualTo(EVENTS);
        leaves = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT entry FROM audit_event ORDER BY leaf_index");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                leaves.add(Rfc9162.hash(new byte[] {0x00}, rs.getBytes(1)));
            }
        }
        assertThat(leaves).hasSize(EVENTS);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void inclusionProofsVerifyForRandomSizesAndEveryLeafOfSmallTrees() throws Exception {
        Random random = new Random(SEED);
        try (Connection c = db.connection()) {
            for (int size = 1; size <= 33; size++) {
                for (int index = 0; index < size; index++) {
                    checkInclusion(c, index, size);
                }
            }
            for (int i = 0; i < 300; i++) {
                int size = 1 + random.nextInt(EVENTS);
                checkInclusion(c, random.nextInt(size), size);
            }
            checkInclusion(c, EVENTS - 1, EVENTS);
            checkInclusion(c, 0, EVENTS);
        }
    }

    @Test
    void consistencyProofsVerifyForRandomSizePairs() throws Exception {
        Random random = new Random(SEED + 1);
        try (Connection c = db.connection()) {
            for (int second = 1; second <= 33; second++) {
                for (int first = 1; first <= second; first++) {
                    checkConsistency(c, first, second);
                }
            }
            for (int i = 0; i < 300; i++) {
                int second = 1 + random.nextInt(EVENTS);
                checkConsistency(c, 1 + random.nextInt(second), second);
            }
            checkConsistency(c, 4096, EVENTS);
            checkConsistency(c, 1, EVENTS);
        }
    }

    @Test
    void theIndependentVerifierRejectsWrongProofs() throws Exception {
        try (Connection c = db.connection()) {
            MerkleTree tree = MerkleTree.over(JdbcAuditStore.subtrees(c, 1000));
            byte[] root = Rfc9162.mth(leaves.subList(0, 1000));
            List<byte[]> path = tree.inclusionProof(17, 1000);
            assertThat(Rfc9162.verifyInclusion(17, 1000, leaves.get(17), path, root)).isTrue();
            assertThat(Rfc9162.verifyInclusion(18, 1000, leaves.get(17), path, root)).as("wrong index").isFalse();
            assertThat(Rfc9162.verifyInclusion(17, 1000, leaves.get(18), path, root)).as("wrong leaf").isFalse();
            List<byte[]> shortened = path.subList(0, path.size() - 1);
            assertThat(Rfc9162.verifyInclusion(17, 1000, leaves.get(17), shortened, root)).as("short path").isFalse();
            List<byte[]> consistency = tree.consistencyProof(600, 1000);
            byte[] oldRoot = Rfc9162.mth(leaves.subList(0, 600));
            assertThat(Rfc9162.verifyConsistency(600, 1000, oldRoot, root, consistency)).isTrue();
            assertThat(Rfc9162.verifyConsistency(601, 1000, oldRoot, root, consistency)).as("wrong size").isFalse();
            assertThat(Rfc9162.verifyConsistency(600, 1000, Rfc9162.mth(leaves.subList(0, 599)), root, consistency))
                    .as("wrong old root").isFalse();
        }
    }

    private void checkInclusion(Connection c, long index, int size) {
        List<byte[]> path = MerkleTree.over(JdbcAuditStore.subtrees(c, size)).inclusionProof(index, size);
        byte[] root = Rfc9162.mth(leaves.subList(0, size));
        assertThat(Rfc9162.verifyInclusion(index, size, leaves.get((int) index), path, root))
                .as("inclusion of %d in %d (seed %d)", index, size, SEED).isTrue();
    }

    private void checkConsistency(Connection c, int first, int second) {
        List<byte[]> proof = MerkleTree.over(JdbcAuditStore.subtrees(c, second)).consistencyProof(first, second);
        assertThat(Rfc9162.verifyConsistency(first, second, Rfc9162.mth(leaves.subList(0, first)),
                Rfc9162.mth(leaves.subList(0, second)), proof))
                .as("consistency %d -> %d (seed %d)", first, second, SEED).isTrue();
    }

    /** RFC 9162 §2.1 transcribed for this test alone: shares nothing with org.bkv.ejb.audit.tree or the client. */
    static final class Rfc9162 {

        static byte[] hash(byte[]... parts) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                for (byte[] part : parts) {
                    sha.update(part);
                }
                return sha.digest();
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }

        static byte[] node(byte[] left, byte[] right) {
            return hash(new byte[] {0x01}, left, right);
        }

        /** §2.1.1 MTH over leaf hashes: k is the largest power of two smaller than n. */
        static byte[] mth(List<byte[]> leafHashes) {
            int n = leafHashes.size();
            if (n == 1) {
                return leafHashes.get(0);
            }
            int k = 1;
            while (k * 2 < n) {
                k *= 2;
            }
            return node(mth(leafHashes.subList(0, k)), mth(leafHashes.subList(k, n)));
        }

        /** §2.1.3.2. */
        static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) {
            if (leafIndex >= treeSize) {
                return false;
            }
            long fn = leafIndex;
            long sn = treeSize - 1;
            byte[] r = leafHash;
            for (byte[] p : path) {
                if (sn == 0) {
                    return false;
                }
                if ((fn & 1) == 1 || fn == sn) {
                    r = node(p, r);
                    if ((fn & 1) == 0) {
                        do {
                            fn >>= 1;
                            sn >>= 1;
                        } while ((fn & 1) == 0 && fn != 0);
                    }
                } else {
                    r = node(r, p);
                }
                fn >>= 1;
                sn >>= 1;
            }
            return sn == 0 && Arrays.equals(r, root);
        }

        /** §2.1.4.2. */
        static boolean verifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash, List<byte[]> proof) {
            if (first > second || first < 1) {
                return false;
            }
            if (first == second) {
                return proof.isEmpty() && Arrays.equals(firstHash, secondHash);
            }
            List<byte[]> c = new ArrayList<>(proof);
            if (Long.bitCount(first) == 1) {
                c.add(0, firstHash);
            }
            if (c.isEmpty()) {
                return false;
            }
            long fn = first - 1;
            long sn = second - 1;
            while ((fn & 1) == 1) {
                fn >>= 1;
                sn >>= 1;
            }
            byte[] fr = c.get(0);
            byte[] sr = c.get(0);
            for (byte[] ci : c.subList(1, c.size())) {
                if (sn == 0) {
                    return false;
                }
                if ((fn & 1) == 1 || fn == sn) {
                    fr = node(ci, fr);
                    sr = node(ci, sr);
                    if ((fn & 1) == 0) {
                        do {
                            fn >>= 1;
                            sn >>= 1;
                        } while ((fn & 1) == 0 && fn != 0);
                    }
                } else {
                    sr = node(sr, ci);
                }
                fn >>= 1;
                sn >>= 1;
            }
            return Arrays.equals(fr, firstHash) && Arrays.equals(sr, secondHash) && sn == 0;
        }
    }
}
