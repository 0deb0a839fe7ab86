package org.bkv.hsm;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA256_HMAC;

import java.util.Objects;

import org.xipki.pkcs11.wrapper.Mechanism;

/** {@link IdentifierMac}: CKM_SHA256_HMAC with {@code bkv-id-mac}. */
final class Pkcs11IdentifierMac implements IdentifierMac {
    private final SessionPool pool;

    Pkcs11IdentifierMac(SessionPool pool) {
        this.pool = pool;
    }

    @Override
    public byte[] mac(byte[] data) {
        Objects.requireNonNull(data, "data");
        byte[] input = data.clone();
        return pool.call("identifier MAC", SessionPool.OnFailure.ERROR, (session, c) ->
                session.signSingle(new Mechanism(CKM_SHA256_HMAC), c.keys().require(HsmKey.ID_MAC), input));
    }
}
