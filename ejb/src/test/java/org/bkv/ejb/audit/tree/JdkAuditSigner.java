package org.bkv.ejb.audit.tree;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

import org.bkv.hsm.AuditSigner;

/** The HSM's audit signer played by a JDK P-256 key: SHA256withECDSA, DER, as Pkcs11AuditSigner returns. */
final class JdkAuditSigner implements AuditSigner {

    private final KeyPair keys;

    JdkAuditSigner() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    PublicKey publicKey() {
        return keys.getPublic();
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(keys.getPrivate());
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public byte[] publicKeySpki() {
        return keys.getPublic().getEncoded();
    }
}
