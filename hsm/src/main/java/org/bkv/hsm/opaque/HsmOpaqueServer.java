package org.bkv.hsm.opaque;

import java.util.Objects;

import org.bkv.hsm.Hsm;
import org.bkv.hsm.WrappedOprfKey;
import org.bkv.opaque.OpaqueException;
import org.bkv.opaque.server.OprfKey;
import org.bkv.opaque.server.ServerStaticKey;

/**
 * The server-key side of a P256-SHA256 OPAQUE server with every secret inside the token:
 * {@link #serverStaticKey()} for ServerLogin/ServerRegistration, {@link #newOprfKey()} at registration and
 * {@link #oprfKey(WrappedOprfKey)} at login.
 */
public final class HsmOpaqueServer {
    private final Hsm hsm;
    private final HsmServerStaticKey serverStaticKey;

    public HsmOpaqueServer(Hsm hsm) throws OpaqueException {
        this.hsm = Objects.requireNonNull(hsm, "hsm");
        this.serverStaticKey = new HsmServerStaticKey(hsm.akeKey());
    }

    public ServerStaticKey serverStaticKey() {
        return serverStaticKey;
    }

    /** A fresh per-record OPRF key, generated in the HSM; store {@link HsmOprfKey#wrappedKey()} with the record. */
    public HsmOprfKey newOprfKey() {
        return new HsmOprfKey(hsm.oprfKeys(), hsm.oprfKeys().generate());
    }

    /** The OPRF key of a stored record. */
    public OprfKey oprfKey(WrappedOprfKey stored) {
        return new HsmOprfKey(hsm.oprfKeys(), stored);
    }
}
