package org.bkv.web.api.audit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bkv.ejb.audit.tree.SignedTreeHead;
import org.bkv.ejb.audit.tree.TreeHead;
import org.bkv.ejb.infrastructure.audit.AuditSigningStatus;
import org.bkv.ejb.domain.audit.InclusionProof;
import org.bkv.opaque.Base64Url;

/** The auditor API's JSON bodies. Hashes and signatures base64url without padding, as in exports (docs/AUDIT.md §4). */
final class AuditViews {

    private AuditViews() {
    }

    /** The audit public key as PEM (SubjectPublicKeyInfo) and the SHA-256 of its DER, hex: what `bkv audit verify` prints. */
    public record AuditKeyView(String label, String publicKeyPem, String fingerprint) {
    }

    /** A signed tree head; the signature is ECDSA P-256 DER over TreeHead.signedBytes (docs/AUDIT.md §3). */
    public record TreeHeadView(long size, String rootHash, long timestamp, String signature) {
        static TreeHeadView of(SignedTreeHead signed) {
            return new TreeHeadView(signed.head().size(), Base64Url.encode(signed.head().rootHash()),
                    signed.head().timestampMillis(), Base64Url.encode(signed.signature()));
        }
    }

    /** RFC 9162 §2.1.3: the entry's bytes (as text), its leaf hash, and the audit path to the root of treeSize. */
    public record InclusionProofView(long index, long treeSize, String entry, String leafHash, List<String> auditPath) {
        static InclusionProofView of(InclusionProof proof) {
            return new InclusionProofView(proof.index(), proof.treeSize(),
                    new String(proof.entry(), StandardCharsets.UTF_8), Base64Url.encode(proof.leafHash()),
                    encode(proof.auditPath()));
        }
    }

    /** RFC 9162 §2.1.4: the tree of {@code from} leaves is a prefix of the tree of {@code to} leaves. */
    public record ConsistencyProofView(long from, long to, List<String> proof) {
        static ConsistencyProofView of(long from, long to, List<byte[]> proof) {
            return new ConsistencyProofView(from, to, encode(proof));
        }
    }

    /** The sequencer's view: {@code problem} is null while heads are being signed. */
    public record SigningStatusView(long treeSize, Long lastSignedSize, Long lastSignedAt, long unsignedEvents,
                                    String problem, String problemSince) {
        static SigningStatusView of(AuditSigningStatus status) {
            return new SigningStatusView(status.treeSize(), status.lastSigned().map(TreeHead::size).orElse(null),
                    status.lastSigned().map(TreeHead::timestampMillis).orElse(null), status.unsigned(),
                    status.problem().orElse(null), status.problemSince().map(Object::toString).orElse(null));
        }
    }

    static List<String> encode(List<byte[]> hashes) {
        return hashes.stream().map(Base64Url::encode).toList();
    }

    static String pem(byte[] spki) {
        String base64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(spki);
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }
}
