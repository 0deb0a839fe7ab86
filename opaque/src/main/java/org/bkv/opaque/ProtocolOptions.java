package org.bkv.opaque;

import java.util.Optional;

/**
 * Deployment settings both sides must agree on: the context string bound into the 3DH preamble and the
 * optional client and server identities (RFC 9807 §4.1.2: absent identities default to the public keys).
 * {@link #DEFAULT} is opaque-ke's default: empty context, default identities.
 */
public record ProtocolOptions(byte[] context, byte[] clientIdentity, byte[] serverIdentity) {

    public static final ProtocolOptions DEFAULT = new ProtocolOptions(new byte[0], null, null);

    public ProtocolOptions {
        if (context == null) {
            context = new byte[0];
        }
        if (context.length > 0xffff) {
            throw new IllegalArgumentException("context longer than 65535 bytes");
        }
        if (clientIdentity != null && (clientIdentity.length == 0 || clientIdentity.length > 0xffff)) {
            throw new IllegalArgumentException("client identity must be 1..65535 bytes");
        }
        if (serverIdentity != null && (serverIdentity.length == 0 || serverIdentity.length > 0xffff)) {
            throw new IllegalArgumentException("server identity must be 1..65535 bytes");
        }
        context = context.clone();
        clientIdentity = clientIdentity == null ? null : clientIdentity.clone();
        serverIdentity = serverIdentity == null ? null : serverIdentity.clone();
    }

    public static ProtocolOptions withContext(byte[] context) {
        return new ProtocolOptions(context, null, null);
    }

    public ProtocolOptions withIdentities(byte[] client, byte[] server) {
        return new ProtocolOptions(context, client, server);
    }

    @Override
    public byte[] context() {
        return context.clone();
    }

    /** The client identity, or null for "the client public key". */
    @Override
    public byte[] clientIdentity() {
        return clientIdentity == null ? null : clientIdentity.clone();
    }

    /** The server identity, or null for "the server public key". */
    @Override
    public byte[] serverIdentity() {
        return serverIdentity == null ? null : serverIdentity.clone();
    }

    public Optional<byte[]> client() {
        return Optional.ofNullable(clientIdentity());
    }

    public Optional<byte[]> server() {
        return Optional.ofNullable(serverIdentity());
    }
}
