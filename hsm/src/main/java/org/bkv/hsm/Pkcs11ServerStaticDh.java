package org.bkv.hsm;

import org.bkv.hsm.ec.FullPointRecovery;
import org.bkv.hsm.ec.P256;
import org.bouncycastle.math.ec.ECPoint;

/** {@link ServerStaticDh} with the token key {@code bkv-ake-p256}: two derives, exact recovery. */
final class Pkcs11ServerStaticDh implements ServerStaticDh {
    private final SessionPool pool;

    Pkcs11ServerStaticDh(SessionPool pool) {
        this.pool = pool;
    }

    @Override
    public byte[] publicKey() {
        return pool.call("read AKE public key", SessionPool.OnFailure.ERROR,
                (session, c) -> P256.compressed(c.keys().publicPoint(HsmKey.AKE_P256)));
    }

    @Override
    public byte[] diffieHellman(byte[] peerPoint) {
        return P256.compressed(diffieHellmanValidated(Pkcs11OprfKeys.decodeCompressedInput(peerPoint)));
    }

    @Override
    public ECPoint diffieHellman(ECPoint peerPoint) {
        return diffieHellmanValidated(Pkcs11OprfKeys.checkedInput(peerPoint));
    }

    private ECPoint diffieHellmanValidated(ECPoint b) {
        ECPoint bPlusG = FullPointRecovery.secondInput(b);
        return pool.call("AKE Diffie-Hellman", SessionPool.OnFailure.ERROR, (session, c) -> {
            long key = c.keys().require(HsmKey.AKE_P256);
            ECPoint publicKey = c.keys().publicPoint(HsmKey.AKE_P256);
            return EcDerive.fullPoint(session, c, key, b, bPlusG, publicKey);
        });
    }
}
