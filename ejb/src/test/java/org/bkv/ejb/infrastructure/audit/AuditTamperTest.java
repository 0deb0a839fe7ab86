package org.bkv.ejb.infrastructure.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.bkv.client.audit.AuditPublicKey;
import org.bkv.client.audit.ExportFailure;
import org.bkv.client.audit.ExportProblem;
import org.bkv.client.audit.ExportVerification;
import org.bkv.client.audit.ExportVerifier;
import org.bkv.ejb.audit.tree.MerkleTree;
import org.bkv.ejb.audit.tree.SignedTreeHead;
import org.bkv.ejb.audit.tree.TreeHead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 proof 1: someone with write access to the audit tables (JDBC on the V3 schema, H2) alters the log; the
 * appliance's export is then judged by the client's offline verifier ({@code bkv audit verify}), which must reject
 * it and name the entry or the entries since the last good head; the untouched log verifies. The log: 35 events in
 * five transactions, each followed by a sequencer tick, so heads of size 7, 14, 21, 28, 35.
 */
class AuditTamperTest {

    private final SoftwareAuditSigner signer = new SoftwareAuditSigner();
    private AuditTestDatabase db;

    @BeforeEach
    void logWithFiveHeads() throws Exception {
        db = AuditTestDatabase.h2Memory("tamper-" + UUID.randomUUID());
        AuditSequencing sequencing = db.sequencing(() -> signer, 0);
        for (int round = 0; round < 5; round++) {
            List<org.bkv.ejb.domain.audit.AuditEvent> events = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                events.add(AuditSequencingTest.event(round * 7 + i));
            }
            db.record(events);
            sequencing.tick();
        }
        assertThat(db.scalar("SELECT COUNT(*) FROM audit_tree_head")).isEqualTo(5);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void untouchedLogVerifiesWholeAndInRanges() throws Exception {
        ExportVerification whole = verify(export(0, 35));
        assertThat(whole.failure()).isEmpty();
        assertThat(whole.headsVerified()).isEqualTo(5);
        assertThat(whole.vouchedEnd()).isEqualTo(35);
        ExportVerification range = verify(export(10, 30)); // prefix, heads 14..28, later head 35 with consistency proof
        assertThat(range.failure()).isEmpty();
        assertThat(range.headsVerified()).isEqualTo(4);
        assertThat(range.vouchedEnd()).isEqualTo(30);
    }

    @Test
    void changingOneFieldOfOneEventIsNamedByItsIndex() throws Exception {
        rewriteEntry(12, entry -> entry.replace("attempt 12", "attempt 99"), false);
        ExportFailure failure = failureOf(export(0, 35));
        assertThat(failure.problem()).isEqualTo(ExportProblem.ENTRY_HASH_MISMATCH);
        assertThat(failure.index()).hasValue(12);
    }

    @Test
    void changingAnEventAndItsLeafHashIsCaughtByTheNextHeadWhichNamesItsEntries() throws Exception {
        rewriteEntry(12, entry -> entry.replace("\"outcome\":\"SUCCESS\"", "\"outcome\":\"REFUSED\""), true);
        ExportFailure failure = failureOf(export(0, 35));
        assertThat(failure.problem()).isEqualTo(ExportProblem.HEAD_ROOT_MISMATCH);
        assertThat(failure.detail()).contains("entries 7..13");
    }

    @Test
    void deletingAnEventAndRenumberingTheRestIsCaught() throws Exception {
        db.execute("DELETE FROM audit_event WHERE leaf_index = 12");
        db.execute("UPDATE audit_event SET leaf_index = leaf_index - 1 WHERE leaf_index > 12");
        db.execute("UPDATE audit_sequence SET tree_size = 34");
        ExportFailure failure = failureOf(export(0, 34));
        assertThat(failure.problem()).isIn(ExportProblem.HEAD_ROOT_MISMATCH, ExportProblem.HEAD_OUT_OF_PLACE);
        assertThat(failure.detail()).contains("7..13");
    }

    @Test
    void deletingAnEventWithoutRenumberingStopsTheExportAtTheGap() throws Exception {
        db.execute("DELETE FROM audit_event WHERE leaf_index = 12");
        assertThatThrownBy(() -> export(0, 35)).isInstanceOf(AuditStoreException.class)
                .hasMessageContaining("leaf index 12 is missing");
    }

    @Test
    void reorderingTwoEventsIsCaughtByTheHeadsThatCoverThem() throws Exception {
        swap(3, 9);
        ExportFailure failure = failureOf(export(0, 35));
        assertThat(failure.problem()).isEqualTo(ExportProblem.HEAD_ROOT_MISMATCH);
        assertThat(failure.detail()).contains("entries 0..6");
    }

    @Test
    void reorderingTwoEventsUnderOneHeadIsCaughtToo() throws Exception {
        swap(22, 24);
        ExportFailure failure = failureOf(export(0, 35));
        assertThat(failure.problem()).isEqualTo(ExportProblem.HEAD_ROOT_MISMATCH);
        assertThat(failure.detail()).contains("entries 21..27");
    }

    @Test
    void aTruncatedExportIsRejected() throws Exception {
        byte[] export = export(0, 35);
        String text = new String(export, StandardCharsets.UTF_8);
        int cut = text.indexOf("{\"kind\":\"event\",\"index\":30,");
        ExportFailure failure = failureOf(text.substring(0, cut).getBytes(StandardCharsets.UTF_8));
        assertThat(failure.problem()).isEqualTo(ExportProblem.TRUNCATED);
    }

    @Test
    void truncatingTheStoredTailIsSeenAgainstAHeadTheAuditorAlreadyHolds() throws Exception {
        SignedTreeHead held;
        try (Connection c = db.connection()) {
            held = JdbcAuditStore.latestHead(c).orElseThrow();
        }
        // Lazy attacker: events gone, heads kept. The appliance cannot export what it signed.
        db.execute("DELETE FROM audit_event WHERE leaf_index >= 30");
        assertThatThrownBy(() -> export(0, 35)).isInstanceOf(AuditStoreException.class)
                .hasMessageContaining("leaf index 30 is missing");
        // Careful attacker: also removes the heads and rewinds the size. The shorter log verifies on its own (the honest
        // limit of docs/AUDIT.md), but it no longer reaches the head the auditor holds: no consistency proof to it exists.
        db.execute("DELETE FROM audit_tree_head WHERE tree_size > 28");
        db.execute("DELETE FROM audit_event WHERE leaf_index >= 28");
        db.execute("UPDATE audit_sequence SET tree_size = 28");
        ExportVerification shorter = verify(export(0, 28));
        assertThat(shorter.failure()).isEmpty();
        assertThat(shorter.lastHead()).hasValueSatisfying(h -> assertThat(h.size()).isLessThan(held.head().size()));
        try (Connection c = db.connection()) {
            assertThat(JdbcAuditStore.treeSize(c)).as("the held head's size is beyond the log").isLessThan(held.head().size());
        }
    }

    @Test
    void aForgedTreeHeadIsRejectedByItsSignature() throws Exception {
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("UPDATE audit_tree_head SET root_hash = ? WHERE tree_size = 21")) {
            s.setBytes(1, MessageDigest.getInstance("SHA-256").digest("forged".getBytes(StandardCharsets.UTF_8)));
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        ExportFailure failure = failureOf(export(0, 35));
        assertThat(failure.problem()).isEqualTo(ExportProblem.HEAD_SIGNATURE_INVALID);
        assertThat(new String(export(0, 35), StandardCharsets.UTF_8).split("\n")[(int) failure.line() - 1])
                .contains("\"size\":21");
    }

    @Test
    void aHeadSignedWithAnotherKeyIsRejected() throws Exception {
        db.execute("DELETE FROM audit_tree_head WHERE tree_size = 35");
        try (Connection c = db.connection()) {
            byte[] root = MerkleTree.over(JdbcAuditStore.subtrees(c, 35)).rootHash(35);
            SignedTreeHead other = SignedTreeHead.sign(new TreeHead(35, root, System.currentTimeMillis()), new SoftwareAuditSigner());
            JdbcAuditStore.storeHead(c, other, "intruder");
        }
        ExportFailure failure = failureOf(export(0, 35));
        assertThat(failure.problem()).isEqualTo(ExportProblem.HEAD_SIGNATURE_INVALID);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private byte[] export(long from, long to) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connection c = db.connection()) {
            AuditExports.write(c, from, to, out);
        }
        return out.toByteArray();
    }

    private ExportVerification verify(byte[] export) throws Exception {
        return new ExportVerifier(AuditPublicKey.fromSpki(signer.publicKeySpki()), false)
                .verify(new ByteArrayInputStream(export));
    }

    private ExportFailure failureOf(byte[] export) throws Exception {
        ExportVerification verification = verify(export);
        assertThat(verification.failure()).as("the verifier must reject the tampered export").isPresent();
        return verification.failure().get();
    }

    private void rewriteEntry(long index, java.util.function.UnaryOperator<String> change, boolean recomputeLeafHash)
            throws Exception {
        try (Connection c = db.connection()) {
            byte[] entry;
            try (PreparedStatement s = c.prepareStatement("SELECT entry FROM audit_event WHERE leaf_index = ?")) {
                s.setLong(1, index);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    entry = rs.getBytes(1);
                }
            }
            byte[] changed = change.apply(new String(entry, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            assertThat(changed).as("the tampering changes something").isNotEqualTo(entry);
            String sql = recomputeLeafHash ? "UPDATE audit_event SET entry = ?, leaf_hash = ? WHERE leaf_index = ?"
                    : "UPDATE audit_event SET entry = ? WHERE leaf_index = ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setBytes(1, changed);
                if (recomputeLeafHash) {
                    s.setBytes(2, AuditSequencingTest.sha256(new byte[] {0}, changed));
                    s.setLong(3, index);
                } else {
                    s.setLong(2, index);
                }
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
        }
    }

    private void swap(long a, long b) throws Exception {
        db.execute("UPDATE audit_event SET leaf_index = 1000000 WHERE leaf_index = " + a);
        db.execute("UPDATE audit_event SET leaf_index = " + a + " WHERE leaf_index = " + b);
        db.execute("UPDATE audit_event SET leaf_index = " + b + " WHERE leaf_index = 1000000");
        assertThat(Arrays.asList(a, b)).doesNotHaveDuplicates();
    }
}
