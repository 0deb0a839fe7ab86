package org.bkv.opaque.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * One hash function with the constructions built on it: Hash, HMAC, HKDF-Extract/Expand
 * (RFC 5869) and expand_message_xmd (RFC 9380 §5.3.1). Thread-safe: hashing and HMAC use the JDK's
 * {@code SUN}/{@code SunJCE} implementations (SHA-NI / AVX2 intrinsics: 2–5× faster than Bouncy Castle's Java
 * digests here), one instance per thread and algorithm, fully reset by every call (no call nests another).
 * If those providers are not available, Bouncy Castle's digests are used as before.
 */
public enum HashFunction {
    SHA256(32, 64),
    SHA512(64, 128);

    private final int outputLength;
    private final int blockLength;
    private final String digestName;
    private final String macName;
    private final ThreadLocal<MessageDigest> digests;
    private final ThreadLocal<Mac> macs;

    HashFunction(int outputLength, int blockLength) {
        this.outputLength = outputLength;
        this.blockLength = blockLength;
        this.digestName = outputLength == 32 ? "SHA-256" : "SHA-512";
        this.macName = outputLength == 32 ? "HmacSHA256" : "HmacSHA512";
        this.digests = ThreadLocal.withInitial(() -> {
            try {
                return MessageDigest.getInstance(digestName, "SUN");
            } catch (GeneralSecurityException e) {
                return null;
            }
        });
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                return Mac.getInstance(macName, "SunJCE");
            } catch (GeneralSecurityException e) {
                return null;
            }
        });
    }

    /** This thread's JDK HMAC keyed with {@code key}, or null (no SunJCE, or an empty key). */
    private Mac jdkMac(byte[] key) {
        if (key.length == 0) {
            return null;
        }
        Mac mac = macs.get();
        if (mac == null) {
            return null;
        }
        try {
            mac.init(new SecretKeySpec(key, macName));
        } catch (GeneralSecurityException e) {
            return null;
        }
        return mac;
    }

    /** Nh: the output length in bytes. */
    public int outputLength() {
        return outputLength;
    }

    public Digest newDigest() {
        return this == SHA256 ? new SHA256Digest() : new SHA512Digest();
    }

    public byte[] hash(byte[]... parts) {
        MessageDigest md = digests.get();
        if (md != null) {
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        }
        Digest d = newDigest();
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[outputLength];
        d.doFinal(out, 0);
        return out;
    }

    public byte[] hmac(byte[] key, byte[]... parts) {
        Mac jdk = jdkMac(key);
        if (jdk != null) {
            for (byte[] p : parts) {
                jdk.update(p);
            }
            return jdk.doFinal();
        }
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
        Mac jdk = jdkMac(prk);
        if (jdk != null) {
            byte[] out = new byte[length];
            byte[] block = new byte[outputLength];
            int off = 0;
            try {
                for (int i = 1; off < length; i++) {
                    if (i > 1) {
                        jdk.update(block);
                    }
                    jdk.update(info);
                    jdk.update((byte) i);
                    jdk.doFinal(block, 0);
                    int n = Math.min(outputLength, length - off);
                    System.arraycopy(block, 0, out, off, n);
                    off += n;
                }
            } catch (javax.crypto.ShortBufferException e) {
                throw new IllegalStateException(e);
            }
            Bytes.zero(block);
            return out;
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
        MessageDigest md = digests.get();
        Digest d = md != null ? new JdkDigest(md) : newDigest();
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
                bi[j] ^= b0[j];
            }
            d.update(bi, 0, outputLength);
            d.update((byte) (i + 1));
            d.update(dstPrime, 0, dstPrime.length);
            d.doFinal(bi, 0);
        }
        return out;
    }

    /** A JDK digest behind Bouncy Castle's {@link Digest} interface (used by expand_message_xmd). */
    private static final class JdkDigest implements Digest {
        private final MessageDigest md;

        JdkDigest(MessageDigest md) {
            this.md = md;
        }

        @Override
        public String getAlgorithmName() {
            return md.getAlgorithm();
        }

        @Override
        public int getDigestSize() {
            return md.getDigestLength();
        }

        @Override
        public void update(byte in) {
            md.update(in);
        }

        @Override
        public void update(byte[] in, int inOff, int len) {
            md.update(in, inOff, len);
        }

        @Override
        public int doFinal(byte[] out, int outOff) {
            try {
                return md.digest(out, outOff, md.getDigestLength());
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void reset() {
            md.reset();
        }
    }
}
