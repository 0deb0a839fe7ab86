package org.bkv.ejb.audit.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The signed tree head: exact signed bytes, ECDSA P-256 DER signatures as the HSM returns them. */
class TreeHeadTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] ROOT = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void signedBytesAreThePrefixTheSizeTheRootAndTheTimestampBigEndian() {
        TreeHead head = new TreeHead(0x0102030405060708L, ROOT, 1_700_000_000_123L);
        assertThat(HEX.formatHex(head.signedBytes())).isEqualTo(
                "424b562d5354482d763100" // "BKV-STH-v1" 0x00
                        + "0102030405060708" // size, uint64
                        + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f" // root
                        + "0000018bcfe5687b"); // 1700000000123 ms, int64
        assertThat(head.signedBytes()).hasSize(TreeHead.SIGNED_BYTES_LENGTH).hasSize(59);
    }

    @Test
    void aHeadSignedByTheAuditSignerVerifiesWithItsPublicKeyOnly() {
        JdkAuditSigner signer = new JdkAuditSigner();
        SignedTreeHead signed = SignedTreeHead.sign(new TreeHead(42, ROOT, 1_700_000_000_000L), signer);
        assertThat(signed.isSignedBy(signer.publicKey())).isTrue();
        assertThat(signed.isSignedBy(new JdkAuditSigner().publicKey())).isFalse();
        byte[] otherRoot = ROOT.clone();
        otherRoot[31] ^= 1;
        assertThat(new SignedTreeHead(new TreeHead(43, ROOT, 1_700_000_000_000L), signed.signature())
                .isSignedBy(signer.publicKey())).as("size changed").isFalse();
        assertThat(new SignedTreeHead(new TreeHead(42, otherRoot, 1_700_000_000_000L), signed.signature())
                .isSignedBy(signer.publicKey())).as("root changed").isFalse();
        assertThat(new SignedTreeHead(new TreeHead(42, ROOT, 1_700_000_000_001L), signed.signature())
                .isSignedBy(signer.publicKey())).as("time changed").isFalse();
    }

    @Test
    void aRawSignatureConvertsToTheDerTheJdkVerifies() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        TreeHead head = new TreeHead(7, ROOT, 1L);
        for (int i = 0; i < 20; i++) {
            Signature raw = Signature.getInstance("SHA256withECDSAinP1363Format");
            raw.initSign(keys.getPrivate());
            raw.update(head.signedBytes());
            byte[] der = EcdsaSignatures.derFromRaw(raw.sign());
            assertThat(new SignedTreeHead(head, der).isSignedBy(keys.getPublic())).isTrue();
        }
    }

    @Test
    void signaturesThatAreNotStrictDerAreRefused() {
        TreeHead head = new TreeHead(1, ROOT, 1L);
        byte[] good = new JdkAuditSigner().sign(head.signedBytes());
        assertThatThrownBy(() -> new SignedTreeHead(head, new byte[64])).isInstanceOf(IllegalArgumentException.class);
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> new SignedTreeHead(head, trailing)).isInstanceOf(IllegalArgumentException.class);
        // r = 0
        assertThatThrownBy(() -> new SignedTreeHead(head, HEX.parseHex("3006020100020101"))).isInstanceOf(IllegalArgumentException.class);
        // r with a needless leading zero
        assertThatThrownBy(() -> new SignedTreeHead(head, HEX.parseHex("300702020001020101"))).isInstanceOf(IllegalArgumentException.class);
        // r negative
        assertThatThrownBy(() -> new SignedTreeHead(head, HEX.parseHex("3006020181020101"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new SignedTreeHead(head, HEX.parseHex("3006020101020101")).signature()).hasSize(8);
    }

    @Test
    void impossibleHeadsAreRefused() {
        assertThatThrownBy(() -> new TreeHead(-1, ROOT, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TreeHead(1, new byte[31], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TreeHead(1, ROOT, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headsAreValuesAndDoNotShareTheirArrays() {
        byte[] root = ROOT.clone();
        TreeHead head = new TreeHead(3, root, 9);
        root[0] = 99;
        head.rootHash()[1] = 99;
        assertThat(head.rootHash()).isEqualTo(ROOT);
        assertThat(head).isEqualTo(new TreeHead(3, ROOT, 9)).hasSameHashCodeAs(new TreeHead(3, ROOT, 9));
    }
}
