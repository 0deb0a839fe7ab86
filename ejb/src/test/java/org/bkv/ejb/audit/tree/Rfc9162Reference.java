package org.bkv.ejb.audit.tree;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 9162 written again for the tests, sharing no code with the production package: hashing and MTH by
 * the §2.1.1 definition, and the verification algorithms of §2.1.3.2 and §2.1.4.2 transcribed step by
 * step. Production proofs are judged by these.
 */
final class Rfc9162Reference {

    private Rfc9162Reference() {
    }

    static byte[] hash(byte[]... parts) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha256.update(part);
            }
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] leafHash(byte[] entry) {
        return hash(new byte[] {0x00}, entry);
    }

    static byte[] nodeHash(byte[] left, byte[] right) {
        return hash(new byte[] {0x01}, left, right);
    }

    /** MTH(D[n]) by the recursive definition: split at the largest power of two smaller than n. */
    static byte[] mth(List<byte[]> entries) {
        int n = entries.size();
        if (n == 0) {
            return hash();
        }
        if (n == 1) {
            return leafHash(entries.get(0));
        }
        int k = 1;
        while (k << 1 < n) {
            k <<= 1;
        }
        return nodeHash(mth(entries.subList(0, k)), mth(entries.subList(k, n)));
    }

    /** RFC 9162 §2.1.3.2, "Verifying an Inclusion Proof". */
    static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> inclusionPath,
                                   byte[] rootHash) {
        // 1. If leaf_index is greater than or equal to tree_size, fail.
        if (leafIndex >= treeSize) {
            return false;
        }
        // 2. Set fn to leaf_index and sn to tree_size - 1.
        long fn = leafIndex;
        long sn = treeSize - 1;
        // 3. Set r to hash.
        byte[] r = leafHash;
        // 4. For each value p in the inclusion_path array:
        for (byte[] p : inclusionPath) {
            // a. If sn is 0, stop the iteration and fail the proof verification.
            if (sn == 0) {
                return false;
            }
            // b. If LSB(fn) is set, or if fn is equal to sn, then:
            if ((fn & 1) == 1 || fn == sn) {
                // i. Set r to HASH(0x01 || p || r).
                r = nodeHash(p, r);
                // ii. If LSB(fn) is not set, right-shift both fn and sn equally until either LSB(fn) is set or fn is 0.
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                // Otherwise: i. Set r to HASH(0x01 || r || p).
                r = nodeHash(r, p);
            }
            // c. Finally, right-shift both fn and sn one time.
            fn >>= 1;
            sn >>= 1;
        }
        // 5. Compare sn to 0. Compare r against the root_hash. Both must hold.
        return sn == 0 && Arrays.equals(r, rootHash);
    }

    /** RFC 9162 §2.1.4.2, "Verifying Consistency between Two Tree Heads" (0 < first < second). */
    static boolean verifyConsistency(long first, long second, byte[] firstHash, byte[] secondHash,
                                     List<byte[]> consistencyPathIn) {
        List<byte[]> consistencyPath = new ArrayList<>(consistencyPathIn);
        // 1. If consistency_path is an empty array, stop and fail the proof verification.
        if (consistencyPath.isEmpty()) {
            return false;
        }
        // 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
        if (Long.bitCount(first) == 1) {
            consistencyPath.add(0, firstHash);
        }
        // 3. Set fn to first - 1 and sn to second - 1.
        long fn = first - 1;
        long sn = second - 1;
        // 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        // 5. Set both fr and sr to the first value in the consistency_path array.
        byte[] fr = consistencyPath.get(0);
        byte[] sr = consistencyPath.get(0);
        // 6. For each subsequent value c in the consistency_path array:
        for (byte[] c : consistencyPath.subList(1, consistencyPath.size())) {
            // a. If sn is 0, then stop the iteration and fail the proof verification.
            if (sn == 0) {
                return false;
            }
            // b. If LSB(fn) is set, or if fn is equal to sn, then:
            if ((fn & 1) == 1 || fn == sn) {
                // i. Set fr to HASH(0x01 || c || fr). ii. Set sr to HASH(0x01 || c || sr).
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                // iii. If LSB(fn) is not set, right-shift both fn and sn equally until either LSB(fn) is set or fn is 0.
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                // Otherwise: i. Set sr to HASH(0x01 || sr || c).
                sr = nodeHash(sr, c);
            }
            // c. Finally, right-shift both fn and sn one time.
            fn >>= 1;
            sn >>= 1;
        }
        // 7. Verify fr equals first_hash, sr equals second_hash, and sn is 0.
        return Arrays.equals(fr, firstHash) && Arrays.equals(sr, secondHash) && sn == 0;
    }
}
