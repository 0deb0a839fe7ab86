package org.bkv.opaque.internal;

import java.security.MessageDigest;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * One hash function with the constructions built on it: Hash, HMAC, HKDF-Extract/Expand
 * (RFC 5869) and expand_message_xmd (RFC 9380 §5.3.1). Stateless and thread-safe: every call makes
 * its own digest object.
 */
public enum HashFunction {
    SHA256(32, 64),
    SHA512(64, 128);

    private final int outputLength;
    private final int blockLength;

    HashFunction(int outputLength, int blockLength) {
        this.outputLength = outputLength;
        this.blockLength = blockLength;
    }

    /** Nh: the output length in bytes. */
    public int outputLength() {
        return outputLength;
    }

    public Digest newDigest() {
        return this == SHA256 ? new SHA256Digest() : new SHA512Digest();
    }

    public byte[] hash(byte[]... parts) {
        Digest d = newDigest();
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[outputLength];
        d.doFinal(out, 0);
        return out;
    }

    public byte[] hmac(byte[] key, byte[]... parts) {
        HMac mac = new HMac(newDigest());
        mac.init(new KeyParameter(key));
        for (byte[] p : parts) {
            mac.update(p, 0, p.length);
        }
        byte[] out = new byte[outputLength];
        mac.doFinal(out, 0);
        return out;
    }

    /** HKDF-Extract(salt, ikm); an empty salt means Nh zero bytes, as RFC 5869 says. */
    public byte[] extract(byte[] salt, byte[] ikm) {
        byte[] s = salt.length == 0 ? new byte[outputLength] : salt;
        return hmac(s, ikm);
    }

    /** HKDF-Expand(prk, info, length). */
    public byte[] expand(byte[] prk, byte[] info, int length) {
        if (length > 255 * outputLength) {
            throw new IllegalArgumentException("HKDF-Expand length too large");
        }
        HMac mac = new HMac(newDigest());
        mac.init(new KeyParameter(prk));
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        byte[] block = new byte[outputLength];
        int off = 0;
        for (int i = 1; off < length; i++) {
            mac.update(t, 0, t.length);
            mac.update(info, 0, info.length);
            mac.update((byte) i);
            mac.doFinal(block, 0);
            int n = Math.min(outputLength, length - off);
            System.arraycopy(block, 0, out, off, n);
            off += n;
            t = block.clone();
        }
        Bytes.zero(block, t);
        return out;
    }

    /** Constant-time comparison of two MACs. */
    public static boolean macEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** expand_message_xmd(msg, DST, len_in_bytes) of RFC 9380 §5.3.1. */
    public byte[] expandMessageXmd(byte[] msg, byte[] dst, int lenInBytes) {
        if (dst.length > 255) {
            throw new IllegalArgumentException("DST too long");
        }
        int ell = (lenInBytes + outputLength - 1) / outputLength;
        if (ell > 255 || lenInBytes > 65535) {
            throw new IllegalArgumentException("expand_message_xmd length too large");
        }
        byte[] dstPrime = new byte[dst.length + 1];
        System.arraycopy(dst, 0, dstPrime, 0, dst.length);
        dstPrime[dst.length] = (byte) dst.length;
        Digest d = newDigest();
        byte[] zPad = new byte[blockLength];
        d.update(zPad, 0, zPad.length);
        d.update(msg, 0, msg.length);
        d.update((byte) (lenInBytes >>> 8));
        d.update((byte) lenInBytes);
        d.update((byte) 0);
        d.update(dstPrime, 0, dstPrime.length);
        byte[] b0 = new byte[outputLength];
        d.doFinal(b0, 0);
        byte[] out = new byte[lenInBytes];
        byte[] bi = new byte[outputLength];
        d.update(b0, 0, b0.length);
        d.update((byte) 1);
        d.update(dstPrime, 0, dstPrime.length);
        d.doFinal(bi, 0);
        int off = 0;
        for (int i = 1; ; i++) {
            int n = Math.min(outputLength, lenInBytes - off);
            System.arraycopy(bi, 0, out, off, n);
            off += n;
            if (off >= lenInBytes) {
                break;
            }
            for (int j = 0; j < outputLength; j++) {
                d.update((byte) (b0[j] ^ bi[j]));
            }
            d.update((byte) (i + 1));
            d.update(dstPrime, 0, dstPrime.length);
            d.doFinal(bi, 0);
        }
        return out;
    }
}
