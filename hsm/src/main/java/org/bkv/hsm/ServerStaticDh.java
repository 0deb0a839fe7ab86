package org.bkv.hsm;

import org.bouncycastle.math.ec.ECPoint;

/**
 * The OPAQUE 3DH server static key {@code bkv-ake-p256}: its public point and Diffie-Hellman with it, the
 * private half never leaving the token.
 */
public interface ServerStaticDh {

    /** pkS, SEC1 compressed (33 bytes). */
    byte[] publicKey();

    /**
     * skS·P for a peer point P (SEC1 compressed, 33 bytes), recovered exactly from two ECDH derives.
     *
     * @return skS·P, SEC1 compressed (33 bytes): the OPAQUE P-256 DiffieHellman output
     * @throws InvalidPointException P is malformed, off the curve, the identity or -G
     */
    byte[] diffieHellman(byte[] peerPoint);

    /** The same on decoded points; the point is checked again here (on P-256, not the identity, not -G). */
    ECPoint diffieHellman(ECPoint peerPoint);
}
