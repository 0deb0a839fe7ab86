package org.bkv.ejb.application;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.bkv.ejb.audit.tree.MerkleTree;
import org.bkv.ejb.audit.tree.SignedTreeHead;
import org.bkv.ejb.domain.audit.AuditEvent;
import org.bkv.ejb.domain.audit.AuditEventType;
import org.bkv.ejb.domain.audit.AuditFilter;
import org.bkv.ejb.domain.audit.AuditKeyUnavailableException;
import org.bkv.ejb.domain.audit.AuditOutcome;
import org.bkv.ejb.domain.audit.AuditQueryException;
import org.bkv.ejb.domain.audit.AuditRow;
import org.bkv.ejb.domain.console.ConsoleRole;
import org.bkv.ejb.domain.console.Permission;
import org.bkv.ejb.domain.console.RequiresPermission;
import org.bkv.ejb.infrastructure.audit.AuditCsv;
import org.bkv.ejb.infrastructure.audit.AuditStoreException;
import org.bkv.ejb.infrastructure.audit.JdbcAuditBrowse;
import org.bkv.ejb.infrastructure.audit.JdbcAuditStore;
import org.bkv.ejb.infrastructure.persistence.Database;

/**
 * The console's audit page (security officers, docs/SECURITY.md): browse sequenced events newest first with filters,
 * a page at a time; the latest signed tree head and the audit key; "verify now"; exports of the filtered range as
 * signed JSON lines or CSV, each audited with the actor before the first byte is written.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@RolesAllowed(ConsoleRole.OFFICER)
public class ConsoleAuditService {

    public static final int MAX_PAGE = 100;
    private static final int EXPORT_PAGE = 1000;

    @Resource(lookup = Database.JNDI_NAME)
    private DataSource dataSource;

    @EJB
    private AuditService audit;

    @EJB
    private ConsoleAuditTrail trail;

    @Resource
    private SessionContext caller;

    /**
     * Up to {@code limit} (≤ {@value #MAX_PAGE}) events, newest first: below leaf index {@code before} when the
     * caller knows where the previous page ended (keyset), else after skipping {@code offset} matches.
     */
    @RequiresPermission(Permission.VIEW_AUDIT)
    public List<AuditRow> page(AuditFilter filter, OptionalLong before, long offset, int limit) {
        try (Connection c = dataSource.getConnection()) {
            return JdbcAuditBrowse.page(c, filter, before, Math.max(0, offset), Math.max(1, Math.min(MAX_PAGE, limit)));
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit log", e);
        }
    }

    @RequiresPermission(Permission.VIEW_AUDIT)
    public long count(AuditFilter filter) {
        try (Connection c = dataSource.getConnection()) {
            return JdbcAuditBrowse.count(c, filter);
        } catch (SQLException e) {
            throw new AuditStoreException("cannot count audit events", e);
        }
    }

    /** The audit public key; {@link AuditKeyUnavailableException} when the HSM does not answer. */
    @RequiresPermission(Permission.VIEW_AUDIT)
    public AuditKey auditKey() {
        return AuditKey.of(audit.auditPublicKeySpki());
    }

    /** The latest signed head and whether its signature verifies with the audit key (false also without the HSM). */
    @RequiresPermission(Permission.VIEW_AUDIT)
    public Optional<AuditHeadStatus> latestHead() {
        return audit.latestHead().map(h -> new AuditHeadStatus(h.head().size(), HexFormat.of().formatHex(h.head().rootHash()),
                Instant.ofEpochMilli(h.head().timestampMillis()), signatureValid(h)));
    }

    /**
     * Checks the latest signed head now: its signature with the audit public key, and its root against the root
     * recomputed from the stored tree (subtree hashes, O(log n) reads). It does not rehash every entry: for that,
     * export and run {@code bkv audit verify} (docs/AUDIT.md §5).
     */
    @RequiresPermission(Permission.VIEW_AUDIT)
    public AuditCheck verifyNow() {
        Instant now = Instant.now();
        Optional<SignedTreeHead> latest = audit.latestHead();
        if (latest.isEmpty()) {
            return new AuditCheck(false, "Nothing to verify: no tree head has been signed yet.", now);
        }
        SignedTreeHead head = latest.get();
        long size = head.head().size();
        if (!signatureValid(head)) {
            return new AuditCheck(false, "FAILED: the signature of the tree head of size " + size
                    + " does not verify with the audit public key (or the HSM did not answer).", now);
        }
        byte[] stored;
        try (Connection c = dataSource.getConnection()) {
            stored = MerkleTree.over(JdbcAuditStore.subtrees(c, size)).rootHash(size);
        } catch (SQLException | AuditStoreException e) {
            return new AuditCheck(false, "FAILED: the stored tree of size " + size + " cannot be read: "
                    + e.getMessage(), now);
        }
        if (!Arrays.equals(stored, head.head().rootHash())) {
            return new AuditCheck(false, "FAILED: the stored tree of size " + size
                    + " does not have the root the head signs: the store was altered.", now);
        }
        return new AuditCheck(true, "Verified: the tree head of size " + size + " is signed by the audit key and its root "
                + "matches the stored tree.", now);
    }

    /**
     * The signed export ({@code bkv-audit-export-v1}) of the contiguous leaf range that the filter's time range
     * covers, up to the latest signed head (so it verifies offline); type, actor and outcome filters do not apply
     * (the format needs every event of the range). Audited before the first byte. Returns the range written.
     */
    @RequiresPermission(Permission.EXPORT_AUDIT)
    public long[] exportJsonLines(AuditFilter filter, OutputStream out) throws IOException {
        long signed = audit.latestHead().map(h -> h.head().size()).orElse(0L);
        long[] range;
        try (Connection c = dataSource.getConnection()) {
            range = JdbcAuditBrowse.leafRange(c, filter).map(r -> new long[] {r[0], Math.min(r[1] + 1, signed)})
                    .filter(r -> r[0] < r[1]).orElse(new long[] {signed, signed});
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit log", e);
        }
        recordExport("JSON lines, leaf indexes [" + range[0] + ", " + range[1] + "), " + filter.describe());
        try {
            audit.export(range[0], range[1], out);
        } catch (AuditQueryException e) {
            throw new AuditStoreException("export range refused: " + e.getMessage(), e);
        }
        return range;
    }

    /** The filtered events as CSV, newest first, streamed a page at a time; audited before the first byte. */
    @RequiresPermission(Permission.EXPORT_AUDIT)
    public long exportCsv(AuditFilter filter, Writer out) throws IOException {
        recordExport("CSV, " + filter.describe());
        AuditCsv.header(out);
        long written = 0;
        OptionalLong before = OptionalLong.empty();
        try (Connection c = dataSource.getConnection()) {
            while (true) {
                List<AuditRow> rows = JdbcAuditBrowse.page(c, filter, before, 0, EXPORT_PAGE);
                for (AuditRow r : rows) {
                    AuditCsv.row(out, r);
                }
                written += rows.size();
                if (rows.size() < EXPORT_PAGE) {
                    break;
                }
                before = OptionalLong.of(rows.get(rows.size() - 1).leafIndex());
            }
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit log", e);
        }
        out.flush();
        return written;
    }

    private void recordExport(String detail) {
        trail.recordNow(AuditEvent.console(AuditEventType.AUDIT_EXPORTED, caller.getCallerPrincipal().getName(),
                AuditOutcome.SUCCESS, detail));
    }

    private boolean signatureValid(SignedTreeHead head) {
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(audit.auditPublicKeySpki()));
            return head.isSignedBy(key);
        } catch (GeneralSecurityException | AuditKeyUnavailableException e) {
            return false;
        }
    }
}
