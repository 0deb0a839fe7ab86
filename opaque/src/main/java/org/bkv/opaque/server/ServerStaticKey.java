package org.bkv.opaque.server;

import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.Suite;
import org.bkv.opaque.group.GroupElement;

/**
 * The server's long-term 3DH key pair (RFC 9807 server_private_key / server_public_key). The private key
 * is used only through {@link #diffieHellman}; it never crosses this interface.
 *
 * <p>Elements are typed as for {@link OprfKey}: {@link org.bkv.opaque.group.P256Element} (convertible to
 * and from a Bouncy Castle {@code ECPoint} with {@code point()} / {@code P256Element.of}) for P256-SHA256,
 * {@link org.bkv.opaque.group.Ristretto255Element} for ristretto255-SHA512. Arguments are validated before
 * the call; results are validated after it.
 */
public interface ServerStaticKey {

    Suite suite();

    /** The public key, sent to clients in registration responses and bound into every login. */
    GroupElement publicKey();

    /** DiffieHellman(skS, P) = skS·P, returned as the full point (the protocol serializes it). */
    GroupElement diffieHellman(GroupElement peerPublicKey) throws OpaqueException;

    /**
     * True if {@link #diffieHellman} multiplies the peer's point with this process's group arithmetic. A login then
     * multiplies the client keyshare twice in process (by this key and by its ephemeral key) and may prepare one
     * table for both ({@link org.bkv.opaque.group.PrimeOrderGroup#precompute}). A performance hint only.
     */
    default boolean multipliesInProcess() {
        return false;
    }
}
