package org.bkv.ejb.audit.tree;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bkv.hsm.AuditSigner;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * The golden exports the client's verifier is tested against (client/src/test/resources/audit/), produced by
 * the server's writer from a fixed log, signed deterministically (RFC 6979) with a fixed test-only P-256 key,
 * so they are reproducible byte for byte.
 */
final class GoldenAuditExports {

    static final long START_MILLIS = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();
    private static final String[] TYPES = {"RECORD_REGISTERED", "ATTEMPT_COUNTED", "RECOVERY_SUCCEEDED",
            "FAKE_LOGIN_SERVED", "POLICY_CHANGED", "RECORD_LOCKED"};

    private final DeterministicSigner signer = new DeterministicSigner();

    /** File name → content. */
    Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("bkv-audit-golden.pem", signer.publicKeyPem().getBytes(StandardCharsets.US_ASCII));
        files.put("golden-full.jsonl", export(23, 0, 23, new long[] {1, 4, 5, 11, 16, 16, 23}, Optional.empty()));
        files.put("golden-range.jsonl", export(45, 13, 40, new long[] {13, 20, 31, 37}, Optional.of(45L)));
        files.put("golden-unsigned-tail.jsonl", export(10, 0, 10, new long[] {4, 8}, Optional.empty()));
        return files;
    }

    AuditSigner signer() {
        return signer;
    }

    /** A log of {@code logSize} events; exports [first, end) with heads at {@code headSizes}, and a later head. */
    private byte[] export(int logSize, long first, long end, long[] headSizes, Optional<Long> laterSize) throws IOException {
        InMemoryTree tree = new InMemoryTree();
        List<SequencedEntry> entries = new ArrayList<>();
        for (int i = 0; i < logSize; i++) {
            SequencedEntry entry = SequencedEntry.of(i, CanonicalEvent.toEntry(event(i)));
            entries.add(entry);
            tree.append(entry.leafHash());
        }
        List<SignedTreeHead> heads = new ArrayList<>();
        for (int h = 0; h < headSizes.length; h++) {
            heads.add(head(tree, headSizes[h], h));
        }
        Optional<SignedTreeHead> later = laterSize.map(size -> head(tree, size, headSizes.length));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExportWriter.writeRange(out, tree.proofs(), first, end, entries.subList((int) first, (int) end).iterator(),
                heads, later);
        return out.toByteArray();
    }

    private SignedTreeHead head(InMemoryTree tree, long size, int sequence) {
        // A head is signed within a second of its last event, as the sequencer does.
        long time = START_MILLIS + 250L * size + 400 + sequence;
        return SignedTreeHead.sign(new TreeHead(size, tree.proofs().rootHash(size), time), signer);
    }

    private static Map<String, String> event(int i) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(CanonicalEvent.TIME, Instant.ofEpochMilli(START_MILLIS + 250L * i).toString());
        fields.put(CanonicalEvent.NODE, i % 3 == 0 ? "bkv-2" : "bkv-1");
        fields.put(CanonicalEvent.TYPE, TYPES[i % TYPES.length]);
        fields.put(CanonicalEvent.ACTOR, i % 6 == 4 ? "officer:ana.müller" : "client");
        fields.put(CanonicalEvent.OUTCOME, i % 5 == 3 ? "REFUSED" : "SUCCESS");
        fields.put(CanonicalEvent.DETAILS, switch (i % 7) {
            case 2 -> "record 3f9a… attempt " + (i % 10 + 1) + " of 10";
            case 5 -> "policy note: \"maxAttempts\" 10 → 8\nreason:\tquarterly review";
            default -> "event " + i;
        });
        return fields;
    }

    /** ECDSA P-256 with RFC 6979 nonces from a fixed, test-only key. Never a real audit key. */
    static final class DeterministicSigner implements AuditSigner {
        private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
        private final ECDomainParameters domain =
                new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());
        private final BigInteger privateScalar = new BigInteger(1,
                Rfc9162Reference.hash("bkv golden audit export test key, not a secret".getBytes(StandardCharsets.US_ASCII)))
                .mod(P256.getN());

        @Override
        public byte[] sign(byte[] message) {
            ECDSASigner ecdsa = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            ecdsa.init(true, new ECPrivateKeyParameters(privateScalar, domain));
            BigInteger[] rs = ecdsa.generateSignature(Rfc9162Reference.hash(message));
            byte[] raw = new byte[64];
            copyFixed(rs[0], raw, 0);
            copyFixed(rs[1], raw, 32);
            return EcdsaSignatures.derFromRaw(raw);
        }

        @Override
        public byte[] publicKeySpki() {
            return publicKey().getEncoded();
        }

        PublicKey publicKey() {
            org.bouncycastle.math.ec.ECPoint q = P256.getG().multiply(privateScalar).normalize();
            try {
                java.security.AlgorithmParameters parameters = java.security.AlgorithmParameters.getInstance("EC");
                parameters.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                        new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()),
                        parameters.getParameterSpec(java.security.spec.ECParameterSpec.class)));
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }

        String publicKeyPem() {
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(publicKeySpki())
                    + "\n-----END PUBLIC KEY-----\n";
        }

        private static void copyFixed(BigInteger value, byte[] out, int offset) {
            byte[] bytes = value.toByteArray();
            int length = Math.min(bytes.length, 32);
            System.arraycopy(bytes, bytes.length - length, out, offset + 32 - length, length);
        }
    }

}
