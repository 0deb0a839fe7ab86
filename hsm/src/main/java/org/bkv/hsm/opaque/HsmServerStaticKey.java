package org.bkv.hsm.opaque;

import java.util.Objects;

import org.bkv.hsm.InvalidPointException;
import org.bkv.hsm.ServerStaticDh;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.Suite;
import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.group.P256Element;
import org.bkv.opaque.server.ServerStaticKey;

/**
 * The OPAQUE 3DH server key pair backed by the token key {@code bkv-ake-p256} (P256-SHA256 only). The public key
 * is read once, when this object is made; build a new one after a key restore.
 */
public final class HsmServerStaticKey implements ServerStaticKey {
    private final ServerStaticDh dh;
    private final P256Element publicKey;

    public HsmServerStaticKey(ServerStaticDh dh) throws OpaqueException {
        this.dh = Objects.requireNonNull(dh, "dh");
        this.publicKey = P256Adapters.element(dh.publicKey());
        publicKey.toByteArray(); // encode once now, not on every login
    }

    @Override
    public Suite suite() {
        return Suite.P256_SHA256;
    }

    @Override
    public GroupElement publicKey() {
        return publicKey;
    }

    @Override
    public GroupElement diffieHellman(GroupElement peerPublicKey) throws OpaqueException {
        try {
            return P256Adapters.element(dh.diffieHellman(P256Adapters.point(peerPublicKey)));
        } catch (InvalidPointException e) {
            throw new InvalidEncodingException("peer public key rejected before the HSM: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "HsmServerStaticKey[P256-SHA256]";
    }
}
