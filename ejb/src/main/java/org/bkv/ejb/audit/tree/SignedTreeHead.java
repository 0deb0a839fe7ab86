package org.bkv.ejb.audit.tree;

import org.bkv.opaque.Base64Url;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Objects;

import org.bkv.hsm.AuditSigner;

/**
 * A tree head and its {@code bkv-audit} signature: ECDSA P-256 over SHA-256({@link TreeHead#signedBytes()}),
 * X9.62 DER encoded (as {@link AuditSigner#sign} returns it, and as exports carry it).
 */
public record SignedTreeHead(TreeHead head, byte[] signature) {

    public SignedTreeHead {
        Objects.requireNonNull(head, "head");
        signature = EcdsaSignatures.requireDer(Objects.requireNonNull(signature, "signature").clone());
    }

    /** Signs {@code head} with the audit key (one HSM operation). */
    public static SignedTreeHead sign(TreeHead head, AuditSigner signer) {
        return new SignedTreeHead(head, signer.sign(head.signedBytes()));
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Whether {@code auditPublicKey} verifies the signature (JCA SHA256withECDSA). */
    public boolean isSignedBy(PublicKey auditPublicKey) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(auditPublicKey);
            verifier.update(head.signedBytes());
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedTreeHead signed && head.equals(signed.head)
                && Arrays.equals(signature, signed.signature);
    }

    @Override
    public int hashCode() {
        return head.hashCode() * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignedTreeHead[" + head + ", signature=" + Base64Url.encode(signature) + "]";
    }
}
