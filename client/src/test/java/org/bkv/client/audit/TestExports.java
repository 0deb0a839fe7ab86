package org.bkv.client.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds audit exports for the tests without the production code: its own RFC 9162 tree (by definition),
 * its own JSON, a real JDK P-256 key. Exports are lists of lines, so tests can tamper with one line.
 */
final class TestExports {

    static final long START_MILLIS = 1_748_779_200_000L;

    final KeyPair keys;
    final List<byte[]> entries = new ArrayList<>();

    TestExports(int logSize) {
        this(logSize, newKeyPair());
    }

    TestExports(int logSize, KeyPair keys) {
        this.keys = keys;
        for (int i = 0; i < logSize; i++) {
            entries.add(event(i, "client").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A canonical event: sorted keys, no whitespace (the escaping of this ASCII text is trivial). */
    static String event(int i, String actor) {
        Map<String, String> fields = new TreeMap<>();
        fields.put("time", java.time.Instant.ofEpochMilli(START_MILLIS + 100L * i).toString());
        fields.put("node", "bkv-1");
        fields.put("type", i % 2 == 0 ? "ATTEMPT_COUNTED" : "RECOVERY_SUCCEEDED");
        fields.put("actor", actor);
        fields.put("outcome", "SUCCESS");
        fields.put("details", "attempt " + (i % 10 + 1) + " of 10");
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"")
                .append(v).append('"'));
        return json.append('}').toString();
    }

    /** The whole log [0, size) with heads at {@code headSizes}. */
    List<String> export(long... headSizes) {
        return export(0, entries.size(), headSizes, -1);
    }

    /** Events [first, end) with heads at {@code headSizes} (each in [first, end]) and a later head when laterSize > end. */
    List<String> export(int first, int end, long[] headSizes, int laterSize) {
        List<String> lines = new ArrayList<>();
        lines.add("{\"kind\":\"header\",\"format\":\"bkv-audit-export-v1\",\"firstIndex\":" + first + ",\"endIndex\":" + end
                + ",\"prefix\":" + array(frontier(first)) + "}");
        int head = 0;
        for (int index = first; index <= end; index++) {
            while (head < headSizes.length && headSizes[head] == index) {
                lines.add(treeHead(index, head));
                head++;
            }
            if (index < end) {
                lines.add(eventLine(index, new String(entries.get(index), StandardCharsets.UTF_8), leaf(entries.get(index))));
            }
        }
        if (laterSize > end) {
            lines.add("{\"kind\":\"laterTreeHead\"," + headMembers(laterSize, root(laterSize), time(laterSize, head), keys)
                    + ",\"consistency\":" + array(consistencyProof(end, laterSize)) + "}");
        }
        return lines;
    }

    String treeHead(long size, int sequence) {
        return treeHead(size, root((int) size), time(size, sequence), keys);
    }

    static String treeHead(long size, byte[] root, long time, KeyPair signer) {
        return "{\"kind\":\"treeHead\"," + headMembers(size, root, time, signer) + "}";
    }

    static String headMembers(long size, byte[] root, long time, KeyPair signer) {
        return "\"size\":" + size + ",\"rootHash\":\"" + b64(root) + "\",\"timestamp\":" + time + ",\"signature\":\""
                + b64(sign(signedBytes(size, root, time), signer)) + "\"";
    }

    static String eventLine(long index, String entry, byte[] leafHash) {
        return "{\"kind\":\"event\",\"index\":" + index + ",\"entry\":\"" + entry.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"leafHash\":\"" + b64(leafHash) + "\"}";
    }

    static long time(long size, int sequence) {
        return START_MILLIS + 100L * size + 500 + sequence;
    }

    static byte[] signedBytes(long size, byte[] root, long time) {
        byte[] bytes = new byte[59];
        System.arraycopy("BKV-STH-v1".getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 10);
        for (int i = 0; i < 8; i++) {
            bytes[11 + i] = (byte) (size >>> (56 - 8 * i));
            bytes[51 + i] = (byte) (time >>> (56 - 8 * i));
        }
        System.arraycopy(root, 0, bytes, 19, 32);
        return bytes;
    }

    static byte[] sign(byte[] message, KeyPair signer) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(signer.getPrivate());
            ecdsa.update(message);
            return ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    AuditPublicKey publicKey() {
        return publicKey(keys);
    }

    static AuditPublicKey publicKey(KeyPair keys) {
        try {
            return AuditPublicKey.fromSpki(keys.getPublic().getEncoded());
        } catch (AuditKeyException e) {
            throw new AssertionError(e);
        }
    }

    String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    // ---- RFC 9162 by the definition, over this log's entries ----

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] leaf(byte[] entry) {
        return sha256(new byte[] {0}, entry);
    }

    static byte[] node(byte[] left, byte[] right) {
        return sha256(new byte[] {1}, left, right);
    }

    byte[] root(int size) {
        return mth(0, size);
    }

    /** MTH(D[lo:hi]). */
    byte[] mth(int lo, int hi) {
        if (hi == lo) {
            return sha256();
        }
        if (hi - lo == 1) {
            return leaf(entries.get(lo));
        }
        int k = Integer.highestOneBit(hi - lo - 1);
        return node(mth(lo, lo + k), mth(lo + k, hi));
    }

    /** PATH(m, D[lo:hi]), RFC 9162 §2.1.3.1. */
    List<byte[]> inclusionProof(int m, int lo, int hi) {
        List<byte[]> path = new ArrayList<>();
        if (hi - lo == 1) {
            return path;
        }
        int k = Integer.highestOneBit(hi - lo - 1);
        if (m - lo < k) {
            path.addAll(inclusionProof(m, lo, lo + k));
            path.add(mth(lo + k, hi));
        } else {
            path.addAll(inclusionProof(m, lo + k, hi));
            path.add(mth(lo, lo + k));
        }
        return path;
    }

    /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true), RFC 9162 §2.1.4.1. */
    List<byte[]> consistencyProof(int m, int n) {
        return subproof(m, 0, n, true);
    }

    private List<byte[]> subproof(int m, int lo, int hi, boolean b) {
        List<byte[]> proof = new ArrayList<>();
        int n = hi - lo;
        if (m == n) {
            if (!b) {
                proof.add(mth(lo, hi));
            }
            return proof;
        }
        int k = Integer.highestOneBit(n - 1);
        if (m <= k) {
            proof.addAll(subproof(m, lo, lo + k, b));
            proof.add(mth(lo + k, hi));
        } else {
            proof.addAll(subproof(m - k, lo + k, hi, false));
            proof.add(mth(lo, lo + k));
        }
        return proof;
    }

    /** The complete subtrees covering [0, size), largest first. */
    List<byte[]> frontier(int size) {
        List<byte[]> hashes = new ArrayList<>();
        int start = 0;
        for (int bit = Integer.highestOneBit(Math.max(size, 1)); bit > 0; bit >>= 1) {
            if ((size & bit) != 0) {
                hashes.add(mth(start, start + bit));
                start += bit;
            }
        }
        return hashes;
    }

    static String array(List<byte[]> hashes) {
        List<String> quoted = new ArrayList<>();
        hashes.forEach(hash -> quoted.add("\"" + b64(hash) + "\""));
        return "[" + String.join(",", quoted) + "]";
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] text(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
