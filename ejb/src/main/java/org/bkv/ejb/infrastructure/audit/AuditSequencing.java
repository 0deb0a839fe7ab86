package org.bkv.ejb.infrastructure.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.bkv.ejb.audit.tree.MerkleTree;
import org.bkv.ejb.audit.tree.SignedTreeHead;
import org.bkv.ejb.audit.tree.TreeHead;
import org.bkv.hsm.AuditSigner;
import org.bkv.hsm.HsmException;

/**
 * One sequencer tick, without any container: append the committed events that have no index yet (batches of
 * {@link #BATCH}, one transaction each, for at most {@link #TICK_NANOS} of batches), signing a tree head over the new
 * size with {@code bkv-audit} after each batch unless the last head is younger than {@code minHeadIntervalMillis}.
 * Used by the appliance's {@link AuditSequencer}, the tests and the benchmark alike. Thread-safe: ticks of one
 * instance run one at a time; ticks on several nodes serialise on the {@code audit_sequence} row.
 *
 * <p>The HSM failing does not stop sequencing (events keep their order and indexes); heads are simply not signed,
 * and {@link #status()} says why, until the HSM answers again.
 */
public final class AuditSequencing {

    private static final Logger LOG = Logger.getLogger(AuditSequencing.class.getName());
    /** Events appended per transaction: bounds the sequencer's lock time and memory. */
    public static final int BATCH = 1_000;
    /**
     * Batches a tick goes on with while a backlog lasts: the tick then returns, so that {@link #status()} (the
     * console's and the API's audit status) stays current while writers outpace the sequencer; the next tick goes on.
     * Before this a tick returned only once the backlog was gone, which under a sustained backlog was never.
     */
    static final long TICK_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final DataSource dataSource;
    private final Supplier<AuditSigner> signer;
    private final String node;
    private final long minHeadIntervalMillis;
    private final LongSupplier clock;
    private final long tickNanos;
    private volatile AuditSigningStatus status = new AuditSigningStatus(0, Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * @param signer                 the {@code bkv-audit} signer; may throw {@link HsmException} when the HSM is away
     * @param minHeadIntervalMillis  no new head sooner than this after the previous one (0: a head every tick that grew)
     * @param clock                  epoch milliseconds
     */
    public AuditSequencing(DataSource dataSource, Supplier<AuditSigner> signer, String node, long minHeadIntervalMillis,
                           LongSupplier clock) {
        this(dataSource, signer, node, minHeadIntervalMillis, clock, TICK_NANOS);
    }

    /** As above, with the time a tick may go on with batches ({@link #TICK_NANOS} in the appliance). */
    AuditSequencing(DataSource dataSource, Supplier<AuditSigner> signer, String node, long minHeadIntervalMillis,
                    LongSupplier clock, long tickNanos) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.node = NodeName.resolve(node);
        this.minHeadIntervalMillis = minHeadIntervalMillis;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tickNanos = tickNanos;
    }

    /** What the last tick saw: size, last head, and why heads are not being signed, if they are not. */
    public AuditSigningStatus status() {
        return status;
    }

    /**
     * Sequences what is pending, a batch per transaction, and after each batch signs a head if one is due: under a
     * backlog heads keep coming at the head interval instead of waiting for the backlog to clear. Stops after the
     * batch that ends the backlog or that ends {@link #TICK_NANOS} (at least one batch a tick). Returns the status
     * after the tick.
     */
    public synchronized AuditSigningStatus tick() throws SQLException {
        Optional<String> problem = Optional.empty();
        Optional<TreeHead> signed = Optional.empty();
        long size;
        boolean backlog;
        long started = System.nanoTime();
        do {
            JdbcAuditStore.Sequenced batch = sequenceBatch();
            size = batch.toSize();
            backlog = batch.count() == BATCH;
            try {
                Optional<TreeHead> head = signIfDue().map(SignedTreeHead::head);
                signed = head.isPresent() ? head : signed;
                problem = Optional.empty();
            } catch (HsmException e) {
                problem = Optional.of("tree heads are not being signed: " + e.getMessage());
            }
        } while (backlog && System.nanoTime() - started < tickNanos);
        Optional<TreeHead> last = signed;
        if (last.isEmpty()) {
            try (Connection c = dataSource.getConnection()) {
                last = JdbcAuditStore.latestHead(c).map(SignedTreeHead::head);
            }
        }
        Optional<Instant> since = problem.isEmpty() ? Optional.empty()
                : status.problemSince().or(() -> Optional.of(Instant.ofEpochMilli(clock.getAsLong())));
        if (problem.isPresent() && status.problem().isEmpty()) {
            LOG.log(Level.SEVERE, "audit: {0}", problem.get());
        } else if (problem.isEmpty() && status.problem().isPresent()) {
            LOG.info("audit: tree heads are signed again");
        }
        status = new AuditSigningStatus(size, last, problem, since);
        return status;
    }

    /** Appends up to {@link #BATCH} committed events without an index in one transaction. */
    private JdbcAuditStore.Sequenced sequenceBatch() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!JdbcAuditStore.hasPending(c)) {
                long size = JdbcAuditStore.treeSize(c);
                return new JdbcAuditStore.Sequenced(size, size);
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                JdbcAuditStore.Sequenced done = JdbcAuditStore.sequencePending(c, node, BATCH);
                c.commit();
                return done;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /**
     * Signs and stores a head over the current size if the log grew since the last head and that head is at least
     * {@code minHeadIntervalMillis} old. Under the sequencer lock: one node signs a given size. Timestamps never go
     * back, even when this node's clock is behind the node that signed the previous head.
     */
    public Optional<SignedTreeHead> signIfDue() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!headDue(c)) { // lock-free check first: idle ticks take no lock
                return Optional.empty();
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                long size = JdbcAuditStore.lockSequence(c, node);
                Optional<SignedTreeHead> latest = JdbcAuditStore.latestHead(c);
                long now = clock.getAsLong();
                long latestSize = latest.map(h -> h.head().size()).orElse(0L);
                long latestTime = latest.map(h -> h.head().timestampMillis()).orElse(0L);
                if (size <= latestSize || (latest.isPresent() && tooSoon(now, latestTime))) {
                    c.rollback();
                    return Optional.empty();
                }
                byte[] root = MerkleTree.over(JdbcAuditStore.subtrees(c, size)).rootHash(size);
                SignedTreeHead signed = SignedTreeHead.sign(new TreeHead(size, root, Math.max(now, latestTime)), signer.get());
                JdbcAuditStore.storeHead(c, signed, node);
                c.commit();
                return Optional.of(signed);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private boolean headDue(Connection c) throws SQLException {
        long size = JdbcAuditStore.treeSize(c);
        Optional<SignedTreeHead> latest = JdbcAuditStore.latestHead(c);
        return size > latest.map(h -> h.head().size()).orElse(0L)
                && (latest.isEmpty() || !tooSoon(clock.getAsLong(), latest.get().head().timestampMillis()));
    }

    /**
     * Whether the last head is younger than the interval. A clock behind the last head's (another node's clock runs
     * ahead) cannot tell, so it does not hold signing back: the head then takes the last head's timestamp.
     */
    private boolean tooSoon(long now, long lastHeadMillis) {
        return now >= lastHeadMillis && now - lastHeadMillis < minHeadIntervalMillis;
    }
}
