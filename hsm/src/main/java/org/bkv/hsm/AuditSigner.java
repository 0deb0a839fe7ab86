package org.bkv.hsm;

/** ECDSA P-256 / SHA-256 signatures with {@code bkv-audit} (tree heads, ceremony transcripts). */
public interface AuditSigner {

    /** SHA-256 is computed in Java, CKM_ECDSA signs the digest in the HSM. Returns an X9.62 DER signature. */
    byte[] sign(byte[] message);

    /** The verification key as SubjectPublicKeyInfo DER, for verifiers (JCA "SHA256withECDSA"). */
    byte[] publicKeySpki();
}
