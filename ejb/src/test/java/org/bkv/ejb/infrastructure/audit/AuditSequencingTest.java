package org.bkv.ejb.infrastructure.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bkv.ejb.audit.tree.InMemoryTree;
import org.bkv.ejb.audit.tree.SignedTreeHead;
import org.bkv.ejb.domain.audit.ActorKind;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditOutcome;
import org.bkv.hsm.HsmUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sequencer and tree-head signer on a real (in-memory H2) database migrated by V3, events written by JpaAuditLog. */
class AuditSequencingTest {

    private final SoftwareAuditSigner signer = new SoftwareAuditSigner();
    private AuditTestDatabase db;

    @BeforeEach
    void database() {
        db = AuditTestDatabase.h2Memory("seq-" + UUID.randomUUID());
    }

    @AfterEach
    void close() {
        db.close();
    }

    static AuditEvent event(int n) {
        return AuditEvent.of(AuditEventType.ATTEMPT_COUNTED, Instant.parse("2026-01-01T00:00:00Z").plusMillis(n),
                "abcd" + (n % 10000), "attempt " + n);
    }

    @Test
    void committedEventsGetDenseIndexesTheirCanonicalEntryAndTheTreeOfTheReference() throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            events.add(event(i));
        }
        db.record(events);
        AuditSigningStatus status = db.sequencing(() -> signer, 0).tick();

        assertThat(status.treeSize()).isEqualTo(37);
        assertThat(status.problem()).isEmpty();
        assertThat(status.lastSigned()).hasValueSatisfying(h -> assertThat(h.size()).isEqualTo(37));
        InMemoryTree reference = new InMemoryTree();
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT leaf_index, entry, leaf_hash FROM audit_event ORDER BY leaf_index");
             ResultSet rs = s.executeQuery()) {
            long expected = 0;
            while (rs.next()) {
                assertThat(rs.getLong(1)).isEqualTo(expected);
                String entry = new String(rs.getBytes(2), StandardCharsets.UTF_8);
                assertThat(entry).isEqualTo("{\"actor\":\"client\",\"actorKind\":\"API_CLIENT\",\"details\":\"attempt " + expected
                        + "\",\"node\":\"node-1\",\"outcome\":\"SUCCESS\",\"subject\":\"abcd" + expected
                        + "\",\"time\":\"2026-01-01T00:00:00." + String.format("%03d", expected) + "Z\",\"type\":\"ATTEMPT_COUNTED\"}");
                assertThat(rs.getBytes(3)).isEqualTo(sha256(new byte[] {0}, rs.getBytes(2)));
                reference.append(rs.getBytes(3));
                expected++;
            }
            assertThat(expected).isEqualTo(37);
        }
        SignedTreeHead head = latestHead();
        assertThat(head.head().rootHash()).isEqualTo(reference.rootHash());
        assertThat(head.isSignedBy(publicKey())).isTrue();
        // Complete subtrees above the leaves: 18 + 9 + 4 + 2 + 1 for 37 leaves.
        assertThat(db.scalar("SELECT COUNT(*) FROM audit_subtree")).isEqualTo(34);
        assertThat(db.scalar("SELECT tree_size FROM audit_sequence")).isEqualTo(37);
    }

    @Test
    void outcomeActorKindAndActorAreSignedAsGiven() throws Exception {
        db.record(List.of(
                AuditEvent.console(AuditEventType.CONSOLE_LOGIN_FAILED, "alice", AuditOutcome.FAILURE, "wrong password"),
                AuditEvent.api(AuditEventType.BACKUP_REFUSED, "192.0.2.7", "Zm9vYmFy", AuditOutcome.REFUSED, "too large"),
                AuditEvent.system(AuditEventType.HSM_RECYCLED, AuditOutcome.SUCCESS, "500000 objects"),
                new AuditEvent(AuditEventType.POLICY_CHANGED, Instant.now(), Optional.empty(), "officer-1", "maxAttempts 5")));
        db.sequencing(() -> signer, 0).tick();
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT actor_kind, actor, outcome, entry FROM audit_event ORDER BY leaf_index");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String entry = new String(rs.getBytes(4), StandardCharsets.UTF_8);
                assertThat(entry).contains("\"actorKind\":\"" + rs.getString(1) + "\"", "\"actor\":\"" + rs.getString(2) + "\"",
                        "\"outcome\":\"" + rs.getString(3) + "\"");
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
            }
        }
        assertThat(rows).containsExactlyInAnyOrder("CONSOLE_USER alice FAILURE", "API_CLIENT 192.0.2.7 REFUSED",
                "SYSTEM appliance SUCCESS", "CONSOLE_USER officer-1 SUCCESS");
    }

    @Test
    void everyEventTypeNameFitsItsColumn() {
        for (AuditEventType type : AuditEventType.values()) {
            assertThat(type.name().length()).as(type.name()).isLessThanOrEqualTo(AuditEventType.MAX_NAME_LENGTH);
        }
        assertThat(AuditEventType.REPLACE_REFUSED.defaultOutcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(AuditEventType.RECOVERY_FAILED.defaultOutcome()).isEqualTo(AuditOutcome.FAILURE);
        assertThat(AuditEvent.of(AuditEventType.DELETE_REFUSED, Instant.now(), "x", "d").outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(new AuditEvent(AuditEventType.SERVER_KEY_CREATED, Instant.now(), Optional.empty(), "appliance", "k")
                .actorKind()).isEqualTo(ActorKind.SYSTEM);
    }

    @Test
    void noHeadIsSignedWhileTheLogIsIdle() throws Exception {
        AuditSequencing sequencing = db.sequencing(() -> signer, 0);
        sequencing.tick();
        assertThat(db.scalar("SELECT COUNT(*) FROM audit_tree_head")).as("empty log: no head").isZero();
        db.record(event(1));
        sequencing.tick();
        sequencing.tick();
        sequencing.tick();
        assertThat(db.scalar("SELECT COUNT(*) FROM audit_tree_head")).as("one head per growth").isEqualTo(1);
        db.record(event(2));
        sequencing.tick();
        assertThat(db.scalar("SELECT COUNT(*) FROM audit_tree_head")).isEqualTo(2);
    }

    @Test
    void aBacklogIsSequencedABatchAtATimeWithAHeadAfterEachBatch() throws Exception {
        List<AuditEvent> events = recordBacklog();
        AuditSigningStatus status = db.sequencing(() -> signer, 0).tick();
        assertThat(status.treeSize()).isEqualTo(events.size());
        assertThat(status.unsigned()).isZero();
        assertThat(db.scalar("SELECT COUNT(*) FROM audit_tree_head")).as("a head per batch, not one at the end").isEqualTo(3);
        assertThat(db.scalar("SELECT MIN(tree_size) FROM audit_tree_head")).isEqualTo(AuditSequencing.BATCH);
    }

    @Test
    void aTickEndsAfterItsTimeEvenWhileTheBacklogLastsAndTheNextGoesOn() throws Exception {
        // A tick's time of 0: exactly one batch per tick. (The appliance's 5 s: AuditCrashIT's writers outran the
        // sequencer, whose one tick then never returned and never reported a size.)
        List<AuditEvent> events = recordBacklog();
        AuditSequencing sequencing = new AuditSequencing(db.dataSource, () -> signer, "node-1", 0,
                System::currentTimeMillis, 0);
        assertThat(sequencing.tick().treeSize()).isEqualTo(AuditSequencing.BATCH);
        assertThat(sequencing.status().treeSize()).isEqualTo(AuditSequencing.BATCH);
        assertThat(db.scalar("SELECT tree_size FROM audit_sequence")).isEqualTo(AuditSequencing.BATCH);
        assertThat(sequencing.tick().treeSize()).isEqualTo(2 * AuditSequencing.BATCH);
        AuditSigningStatus last = sequencing.tick();
        assertThat(last.treeSize()).isEqualTo(events.size());
        assertThat(last.unsigned()).isZero();
        assertThat(db.scalar("SELECT COUNT(*) FROM audit_tree_head")).isEqualTo(3);
    }

    /** Records two and a half batches' worth of events, unsequenced; returns them. */
    private List<AuditEvent> recordBacklog() throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 2 * AuditSequencing.BATCH + 500; i++) {
            events.add(event(i));
        }
        db.record(events);
        return events;
    }

    @Test
    void headsWaitForTheIntervalButNeverForMoreThanIt() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000);
        AuditSequencing sequencing = new AuditSequencing(db.dataSource, () -> signer, "node-1", 500, now::get);
        db.record(event(1));
        sequencing.tick();
        db.record(event(2));
        now.addAndGet(499);
        sequencing.tick();
        assertThat(db.scalar("SELECT MAX(tree_size) FROM audit_tree_head")).as("too soon: events sequenced, no head").isEqualTo(1);
        assertThat(db.scalar("SELECT tree_size FROM audit_sequence")).isEqualTo(2);
        now.addAndGet(1);
        sequencing.tick();
        assertThat(db.scalar("SELECT MAX(tree_size) FROM audit_tree_head")).isEqualTo(2);
    }

    @Test
    void headTimestampsNeverGoBackEvenWhenThisNodesClockIsBehind() throws Exception {
        AtomicLong now = new AtomicLong(5_000_000);
        AuditSequencing ahead = new AuditSequencing(db.dataSource, () -> signer, "node-ahead", 0, now::get);
        AuditSequencing behind = new AuditSequencing(db.dataSource, () -> signer, "node-behind", 0, () -> now.get() - 60_000);
        db.record(event(1));
        ahead.tick();
        db.record(event(2));
        behind.tick();
        assertThat(db.scalar("SELECT COUNT(*) FROM audit_tree_head")).isEqualTo(2);
        assertThat(db.scalar("SELECT timestamp_millis FROM audit_tree_head WHERE tree_size = 2"))
                .isGreaterThanOrEqualTo(db.scalar("SELECT timestamp_millis FROM audit_tree_head WHERE tree_size = 1"));
    }

    @Test
    void unavailableHsmLeavesHeadsUnsignedVisiblyAndSigningResumesWhenItReturns() throws Exception {
        AtomicBoolean hsmUp = new AtomicBoolean(false);
        AuditSequencing sequencing = db.sequencing(() -> {
            if (!hsmUp.get()) {
                throw new HsmUnavailableException("HSM unavailable: token not present");
            }
            return signer;
        }, 0);
        db.record(List.of(event(1), event(2)));
        AuditSigningStatus down = sequencing.tick();
        assertThat(down.treeSize()).as("events are still sequenced").isEqualTo(2);
        assertThat(down.lastSigned()).isEmpty();
        assertThat(down.unsigned()).isEqualTo(2);
        assertThat(down.problem()).hasValueSatisfying(p -> assertThat(p).contains("not being signed", "token not present"));
        assertThat(down.problemSince()).isPresent();
        assertThat(db.scalar("SELECT COUNT(*) FROM audit_tree_head")).isZero();

        hsmUp.set(true);
        AuditSigningStatus up = sequencing.tick();
        assertThat(up.problem()).isEmpty();
        assertThat(up.lastSigned()).hasValueSatisfying(h -> assertThat(h.size()).isEqualTo(2));
        assertThat(up.unsigned()).isZero();
    }

    @Test
    void anUncommittedEventWaitsAndARolledBackOneNeverEntersTheLog() throws Exception {
        AuditSequencing sequencing = db.sequencing(() -> signer, 0);
        db.record(event(0));
        // A transaction still open on another connection: its event is invisible to the sequencer until it commits.
        EntityManager open = emfTransaction();
        new JpaAuditLog(open, "node-1").record(event(1));
        open.flush();
        assertThat(sequencing.tick().treeSize()).isEqualTo(1);
        open.getTransaction().commit();
        open.close();
        assertThat(sequencing.tick().treeSize()).isEqualTo(2);

        assertThatThrownBy(() -> db.inTransaction(em -> {
            new JpaAuditLog(em, "node-1").record(event(2));
            throw new IllegalStateException("the audited change failed");
        })).hasMessageContaining("audited change failed");
        assertThat(sequencing.tick().treeSize()).isEqualTo(2);
        assertThat(db.scalar("SELECT COUNT(*) FROM audit_event")).isEqualTo(2);
    }

    @Test
    void eventsOfTheInterimLogAreSequencedInTheirCanonicalForm() throws Exception {
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("INSERT INTO audit_event (id, occurred_at, event_type, subject, actor,"
                     + " detail, actor_kind, node, outcome) VALUES (?, ?, 'RECORD_REGISTERED', 'abcdefgh', 'client', 'p256',"
                     + " 'API_CLIENT', 'before-v3', 'SUCCESS')")) {
            s.setString(1, UUID.randomUUID().toString());
            s.setTimestamp(2, Timestamp.from(Instant.parse("2025-06-01T12:00:00.123Z")));
            s.executeUpdate();
        }
        db.sequencing(() -> signer, 0).tick();
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT entry FROM audit_event WHERE leaf_index = 0");
             ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(new String(rs.getBytes(1), StandardCharsets.UTF_8)).isEqualTo("{\"actor\":\"client\",\"actorKind\":"
                    + "\"API_CLIENT\",\"details\":\"p256\",\"node\":\"before-v3\",\"outcome\":\"SUCCESS\",\"subject\":"
                    + "\"abcdefgh\",\"time\":\"2025-06-01T12:00:00.123Z\",\"type\":\"RECORD_REGISTERED\"}");
        }
    }

    @Test
    void theSchemaRefusesASecondHeadOfTheSameSizeAndAnIndexWithoutItsHash() throws Exception {
        db.record(event(1));
        db.sequencing(() -> signer, 0).tick();
        SignedTreeHead head = latestHead();
        try (Connection c = db.connection()) {
            assertThatThrownBy(() -> JdbcAuditStore.storeHead(c, head, "node-2")).isInstanceOf(java.sql.SQLException.class);
        }
        assertThatThrownBy(() -> db.execute("UPDATE audit_event SET leaf_hash = NULL")).isInstanceOf(java.sql.SQLException.class);
        assertThatThrownBy(() -> db.execute("UPDATE audit_event SET outcome = 'MAYBE'")).isInstanceOf(java.sql.SQLException.class);
    }

    private EntityManager emfTransaction() {
        EntityManager em = db.entityManager(); // left open on purpose; the test commits and closes it
        em.getTransaction().begin();
        return em;
    }

    /**
     * What a writer killed mid-commit left in H2 files once (AuditCrashIT): the sequence counter advanced past the
     * leaves it stored, and a cached subtree hash missing. The sequencer repairs from the leaves and the log goes on.
     */
    @Test
    void aTornSequencingCommitIsRepairedFromTheLeavesAndTheLogContinues() throws Exception {
        List<AuditEvent> first = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            first.add(event(i));
        }
        db.record(first);
        AuditSequencing sequencing = db.sequencing(() -> signer, 0);
        assertThat(sequencing.tick().treeSize()).isEqualTo(37);
        List<AuditEvent> second = new ArrayList<>();
        for (int i = 37; i < 100; i++) {
            second.add(event(i));
        }
        db.record(second);
        try (Connection c = db.connection(); java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_sequence SET tree_size = 120 WHERE id = 1");
            s.executeUpdate("DELETE FROM audit_subtree WHERE tree_level = 2 AND tree_index = 3");
        }

        AuditSigningStatus status = sequencing.tick();

        assertThat(status.problem()).isEmpty();
        assertThat(status.treeSize()).isEqualTo(100);
        InMemoryTree reference = new InMemoryTree();
        try (Connection c = db.connection();
             PreparedStatement s = c.prepareStatement("SELECT leaf_index, leaf_hash FROM audit_event ORDER BY leaf_index");
             ResultSet rs = s.executeQuery()) {
            long expected = 0;
            while (rs.next()) {
                assertThat(rs.getLong(1)).isEqualTo(expected++);
                reference.append(rs.getBytes(2));
            }
            assertThat(expected).isEqualTo(100);
        }
        SignedTreeHead head = latestHead();
        assertThat(head.head().size()).isEqualTo(100);
        assertThat(head.head().rootHash()).isEqualTo(reference.rootHash());
        assertThat(head.isSignedBy(publicKey())).isTrue();
    }

    /** Sequenced events missing below a signed head are lost audit data: the sequencer refuses to go on. */
    @Test
    void eventsLostBelowASignedHeadStopTheSequencerLoudly() throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(event(i));
        }
        db.record(events);
        AuditSequencing sequencing = db.sequencing(() -> signer, 0);
        assertThat(sequencing.tick().treeSize()).isEqualTo(20);
        db.record(List.of(event(20)));
        try (Connection c = db.connection(); java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM audit_event WHERE leaf_index = 7");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(sequencing::tick)
                .isInstanceOf(AuditStoreException.class).hasMessageContaining("lost sequenced events below the signed size 20");
        assertThat(db.scalar("SELECT tree_size FROM audit_sequence")).isEqualTo(20);
    }

    private SignedTreeHead latestHead() throws Exception {
        try (Connection c = db.connection()) {
            return JdbcAuditStore.latestHead(c).orElseThrow();
        }
    }

    private java.security.PublicKey publicKey() throws Exception {
        return java.security.KeyFactory.getInstance("EC")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(signer.publicKeySpki()));
    }

    static byte[] sha256(byte[]... parts) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (byte[] part : parts) {
            sha.update(part);
        }
        return sha.digest();
    }
}
