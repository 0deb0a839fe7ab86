package org.bkv.ejb.application;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.bkv.ejb.audit.tree.MerkleTree;
import org.bkv.ejb.audit.tree.SequencedEntry;
import org.bkv.ejb.audit.tree.SignedTreeHead;
import org.bkv.ejb.domain.audit.AuditKeyUnavailableException;
import org.bkv.ejb.domain.audit.AuditQueryException;
import org.bkv.ejb.domain.audit.InclusionProof;
import org.bkv.ejb.infrastructure.audit.AuditExports;
import org.bkv.ejb.infrastructure.audit.AuditSequencer;
import org.bkv.ejb.infrastructure.audit.AuditSigningStatus;
import org.bkv.ejb.infrastructure.audit.AuditStoreException;
import org.bkv.ejb.infrastructure.audit.JdbcAuditStore;
import org.bkv.ejb.infrastructure.hsm.HsmBinding;
import org.bkv.ejb.infrastructure.persistence.Database;
import org.bkv.hsm.HsmException;

/**
 * What auditors ask of the log (DESIGN §8, docs/AUDIT.md): the latest signed tree head, inclusion and consistency
 * proofs (RFC 9162, from the stored subtree hashes: O(log² n) reads, never a rescan), and exports in
 * {@code bkv-audit-export-v1}, streamed a page at a time. Read-only; sequenced rows never change, so reads need no
 * transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditService {

    @Resource(lookup = Database.JNDI_NAME)
    private DataSource dataSource;

    @EJB
    private HsmBinding hsmBinding;

    @EJB
    private AuditSequencer sequencer;

    /** The {@code bkv-audit} public key, SubjectPublicKeyInfo DER; {@link AuditKeyUnavailableException} without the HSM. */
    public byte[] auditPublicKeySpki() {
        try {
            return hsmBinding.hsm().auditSigner().publicKeySpki();
        } catch (HsmException e) {
            throw new AuditKeyUnavailableException("the audit key cannot be read: " + e.getMessage(), e);
        }
    }

    /** The signed head of the largest size, if any head has been signed. */
    public Optional<SignedTreeHead> latestHead() {
        try (Connection c = dataSource.getConnection()) {
            return JdbcAuditStore.latestHead(c);
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the latest tree head", e);
        }
    }

    /** Sequenced events, whether or not a head covers them yet. */
    public long treeSize() {
        try (Connection c = dataSource.getConnection()) {
            return JdbcAuditStore.treeSize(c);
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the tree size", e);
        }
    }

    /** Whether heads are being signed, and if not why (HSM unavailable). */
    public AuditSigningStatus signingStatus() {
        return sequencer.status();
    }

    /** PATH(index, D[treeSize]) with the entry itself; 0 ≤ index < treeSize ≤ the log's size. */
    public InclusionProof inclusionProof(long index, long treeSize) throws AuditQueryException {
        if (index < 0 || treeSize < 1) {
            throw AuditQueryException.invalid("index must be ≥ 0 and treeSize ≥ 1");
        }
        if (index >= treeSize) {
            throw AuditQueryException.invalid("index " + index + " is not in a tree of size " + treeSize);
        }
        try (Connection c = dataSource.getConnection()) {
            requireReached(c, treeSize);
            SequencedEntry entry = JdbcAuditStore.entry(c, index).orElseThrow(
                    () -> new AuditStoreException("audit event with leaf index " + index + " is missing from the store"));
            List<byte[]> path = MerkleTree.over(JdbcAuditStore.subtrees(c, treeSize)).inclusionProof(index, treeSize);
            return new InclusionProof(index, treeSize, entry.entry(), entry.leafHash(), path);
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit log", e);
        }
    }

    /** PROOF(from, D[to]): the tree of {@code from} leaves is a prefix of the tree of {@code to}; 1 ≤ from ≤ to. */
    public List<byte[]> consistencyProof(long from, long to) throws AuditQueryException {
        if (from < 1 || to < from) {
            throw AuditQueryException.invalid("a consistency proof needs 1 ≤ from ≤ to");
        }
        try (Connection c = dataSource.getConnection()) {
            requireReached(c, to);
            return MerkleTree.over(JdbcAuditStore.subtrees(c, to)).consistencyProof(from, to);
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit log", e);
        }
    }

    /** Checks an export range before anything is written: 0 ≤ from ≤ to ≤ the log's size. */
    public void checkExportRange(long from, long to) throws AuditQueryException {
        if (from < 0 || to < from) {
            throw AuditQueryException.invalid("an export needs 0 ≤ from ≤ to");
        }
        try (Connection c = dataSource.getConnection()) {
            requireReached(c, to);
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit log", e);
        }
    }

    /**
     * Writes the export of events [from, to) to {@code out}: header with prefix, events with every signed head of
     * size in [from, to] after the event that completes it, and, when events at the end are covered only by a later
     * head, the latest head with its consistency proof. Streamed a page of rows at a time; the caller closes
     * {@code out}.
     */
    public void export(long from, long to, OutputStream out) throws AuditQueryException, IOException {
        checkExportRange(from, to);
        try (Connection c = dataSource.getConnection()) {
            AuditExports.write(c, from, to, out);
        } catch (SQLException e) {
            throw new AuditStoreException("cannot read the audit log", e);
        }
    }

    private static void requireReached(Connection c, long size) throws SQLException, AuditQueryException {
        long current = JdbcAuditStore.treeSize(c);
        if (size > current) {
            throw AuditQueryException.notFound("the log has " + current + " sequenced events, not " + size);
        }
    }
}
