package org.bkv.hsm;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_WRAP_PAD;

import java.math.BigInteger;

import org.bkv.hsm.ec.P256;
import org.bouncycastle.math.ec.ECPoint;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Functions;
import org.xipki.pkcs11.wrapper.Mechanism;

/** {@link KeyImport} by C_CreateObject. */
final class Pkcs11KeyImport implements KeyImport {
    private final SessionPool pool;

    Pkcs11KeyImport(SessionPool pool) {
        this.pool = pool;
    }

    @Override
    public WrappedOprfKey wrapOprfKey(byte[] scalar) {
        BigInteger k = scalar(scalar);
        byte[] value = P256.fixed32(k);
        ECPoint publicKey = P256.G.multiply(k).normalize();
        return pool.call("OPRF key import", SessionPool.OnFailure.ERROR, (session, c) -> {
            long kek = c.keys().require(HsmKey.KEK);
            AttributeVector template = AttributeVector.newECPrivateKey().token(false).private_(true).sensitive(true)
                    .extractable(true).derive(true).ecParams(P256.EC_PARAMS_DER).value(value);
            long handle = session.createObject(template);
            c.created(1);
            Throwable primary = null;
            try {
                byte[] wrapped = session.wrapKey(new Mechanism(CKM_AES_KEY_WRAP_PAD), kek, handle);
                return new WrappedOprfKey(wrapped, P256.compressed(publicKey));
            } catch (Throwable t) {
                primary = t;
                throw t;
            } finally {
                EcDerive.destroy(session, handle, primary);
                java.util.Arrays.fill(value, (byte) 0);
            }
        });
    }

    @Override
    public void importEcKey(HsmKey key, byte[] scalar) {
        if (key.type() != KeyType.EC_P256) {
            throw new IllegalArgumentException(key.label() + " is not an EC key");
        }
        BigInteger k = scalar(scalar);
        byte[] value = P256.fixed32(k);
        ECPoint publicKey = P256.G.multiply(k).normalize();
        boolean derive = key == HsmKey.AKE_P256;
        pool.call("EC key import", SessionPool.OnFailure.ERROR, (session, c) -> {
            if (c.keys().find(key).isPresent()) {
                throw new HsmConfigurationException("token already has " + key.label() + ": delete it first to import another");
            }
            byte[] id = TokenKeys.keyId(key);
            session.createObject(AttributeVector.newECPrivateKey().token(true).private_(true).sensitive(true)
                    .extractable(false).label(key.label()).id(id).derive(derive).sign(!derive).decrypt(false).unwrap(false)
                    .ecParams(P256.EC_PARAMS_DER).value(value));
            session.createObject(AttributeVector.newECPublicKey().token(true).private_(false).label(key.label()).id(id)
                    .derive(false).verify(!derive).encrypt(false).wrap(false).ecParams(P256.EC_PARAMS_DER)
                    .ecPoint(Functions.toOctetOrBitString(P256.uncompressed(publicKey), false)));
            java.util.Arrays.fill(value, (byte) 0);
            pool.refreshKeys(session, c);
            return null;
        });
    }

    private static BigInteger scalar(byte[] scalar) {
        if (scalar == null || scalar.length != P256.FIELD_BYTES) {
            throw new IllegalArgumentException("P-256 scalar must be 32 bytes");
        }
        BigInteger k = new BigInteger(1, scalar);
        if (k.signum() == 0 || k.compareTo(P256.N) >= 0) {
            throw new IllegalArgumentException("P-256 scalar is not in [1, n-1]");
        }
        return k;
    }
}
