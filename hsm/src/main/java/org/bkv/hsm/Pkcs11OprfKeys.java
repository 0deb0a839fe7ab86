package org.bkv.hsm;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_WRAP_PAD;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_KEY_PAIR_GEN;

import org.bkv.hsm.ec.FullPointRecovery;
import org.bkv.hsm.ec.P256;
import org.bouncycastle.math.ec.ECPoint;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11KeyPair;

/** {@link OprfKeys} on the token: generate-and-wrap, and unwrap-derive-derive-destroy. */
final class Pkcs11OprfKeys implements OprfKeys {
    private final SessionPool pool;

    Pkcs11OprfKeys(SessionPool pool) {
        this.pool = pool;
    }

    @Override
    public WrappedOprfKey generate() {
        return pool.call("OPRF key generation", SessionPool.OnFailure.ERROR, (session, c) -> {
            long kek = c.keys().require(HsmKey.KEK);
            // Extractable only so that the KEK can wrap it; it is a session object destroyed below.
            AttributeVector priv = AttributeVector.newECPrivateKey().token(false).private_(true).sensitive(true)
                    .extractable(true).derive(true).sign(false).decrypt(false).unwrap(false);
            AttributeVector pub = AttributeVector.newECPublicKey().token(false).ecParams(P256.EC_PARAMS_DER)
                    .derive(false).verify(false).encrypt(false).wrap(false);
            PKCS11KeyPair pair = session.generateKeyPair(new Mechanism(CKM_EC_KEY_PAIR_GEN), new KeyPairTemplate(priv, pub));
            c.created(2);
            Throwable primary = null;
            try {
                byte[] wrapped = session.wrapKey(new Mechanism(CKM_AES_KEY_WRAP_PAD), kek, pair.getPrivateKey());
                ECPoint point = TokenKeys.readPublicPoint(session, pair.getPublicKey());
                return new WrappedOprfKey(wrapped, P256.compressed(point));
            } catch (Throwable t) {
                primary = t;
                throw t;
            } finally {
                EcDerive.destroy(session, pair.getPrivateKey(), primary);
                EcDerive.destroy(session, pair.getPublicKey(), primary);
            }
        });
    }

    @Override
    public byte[] evaluate(WrappedOprfKey key, byte[] blindedElement) {
        return P256.compressed(evaluateValidated(key, decodeCompressedInput(blindedElement)));
    }

    @Override
    public ECPoint evaluate(WrappedOprfKey key, ECPoint blindedElement) {
        return evaluateValidated(key, checkedInput(blindedElement));
    }

    private ECPoint evaluateValidated(WrappedOprfKey key, ECPoint b) {
        ECPoint bPlusG = FullPointRecovery.secondInput(b);
        ECPoint publicKey = key.publicPoint();
        byte[] wrapped = key.wrapped();
        return pool.call("OPRF evaluation", SessionPool.OnFailure.INTEGRITY, (session, c) -> {
            long handle = Unwrap.oprfKey(session, c, wrapped);
            Throwable primary = null;
            try {
                return EcDerive.fullPoint(session, c, handle, b, bPlusG, publicKey);
            } catch (Throwable t) {
                primary = t;
                throw t;
            } finally {
                EcDerive.destroy(session, handle, primary);
            }
        });
    }

    /** A point handed over already decoded: must still be on P-256, on our curve object, not the identity or -G. */
    static ECPoint checkedInput(ECPoint point) {
        if (point == null || point.isInfinity()) {
            throw new InvalidPointException("point is missing or the identity");
        }
        ECPoint p = point.getCurve().equals(P256.CURVE) ? point.normalize() : null;
        if (p == null || !p.isValid()) {
            throw new InvalidPointException("point is not a valid P-256 point");
        }
        P256.requireHsmInput(p);
        return p;
    }

    /** OPAQUE elements travel compressed (SerializeElement); anything else is rejected before the HSM. */
    static ECPoint decodeCompressedInput(byte[] element) {
        if (element == null || element.length != P256.COMPRESSED_BYTES) {
            throw new InvalidPointException("element is not a 33-byte compressed P-256 point");
        }
        return P256.decodeHsmInput(element);
    }
}
