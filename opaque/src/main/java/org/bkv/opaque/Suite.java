package org.bkv.opaque;

import org.bkv.opaque.group.PrimeOrderGroup;
import org.bkv.opaque.internal.HashFunction;
import org.bkv.opaque.oprf.Oprf;

/**
 * An OPAQUE-3DH ciphersuite (RFC 9807 §7): OPRF group and hash, HKDF and HMAC on the same hash, 3DH
 * on the OPRF group. The key stretching function is chosen per use ({@link Ksf}) because only the
 * client runs it. Sizes follow the RFC's notation (Noe, Nok, Npk, Nsk, Nh, Nn, Nm, Nx, Ne).
 */
public enum Suite {
    /** P-256 OPRF, SHA-256, HKDF-SHA256, HMAC-SHA256, 3DH on P-256. The default; server keys can live in the HSM. */
    P256_SHA256("P256-SHA256", Oprf.P256_SHA256),
    /** ristretto255 OPRF, SHA-512, HKDF-SHA512, HMAC-SHA512, 3DH on ristretto255 (opaque-ke's default suite). */
    RISTRETTO255_SHA512("ristretto255-SHA512", Oprf.RISTRETTO255_SHA512);

    /** Nn: nonce length. */
    public static final int NN = 32;
    /** Nseed: seed length for DeriveDiffieHellmanKeyPair. */
    public static final int NSEED = 32;

    private final String wireName;
    private final Oprf oprf;

    Suite(String wireName, Oprf oprf) {
        this.wireName = wireName;
        this.oprf = oprf;
    }

    /** The name on the wire and in the RFC: "P256-SHA256" or "ristretto255-SHA512". */
    public String wireName() {
        return wireName;
    }

    /** Looks a suite up by its wire name (exact, case-sensitive). */
    public static Suite fromWireName(String name) throws InvalidEncodingException {
        for (Suite s : values()) {
            if (s.wireName.equals(name)) {
                return s;
            }
        }
        throw new InvalidEncodingException("unknown OPAQUE suite");
    }

    public Oprf oprf() {
        return oprf;
    }

    public PrimeOrderGroup group() {
        return oprf.group();
    }

    /** The hash (and therefore HKDF and HMAC) of this suite. Internal. */
    public HashFunction hash() {
        return oprf.hash();
    }

    /** Noe: serialized OPRF element. */
    public int noe() {
        return group().elementLength();
    }

    /** Nok: serialized OPRF scalar. */
    public int nok() {
        return group().scalarLength();
    }

    /** Npk: serialized AKE public key. */
    public int npk() {
        return group().elementLength();
    }

    /** Nsk: serialized AKE private key. */
    public int nsk() {
        return group().scalarLength();
    }

    /** Nh: hash output. */
    public int nh() {
        return hash().outputLength();
    }

    /** Nn: nonce. */
    public int nn() {
        return NN;
    }

    /** Nm: MAC output. */
    public int nm() {
        return hash().outputLength();
    }

    /** Nx: KDF output. */
    public int nx() {
        return hash().outputLength();
    }

    /** Ne: envelope (nonce and auth tag). */
    public int ne() {
        return NN + nm();
    }

    public int registrationRequestLength() {
        return noe();
    }

    public int registrationResponseLength() {
        return noe() + npk();
    }

    public int registrationRecordLength() {
        return npk() + nh() + ne();
    }

    public int credentialResponseLength() {
        return noe() + NN + npk() + ne();
    }

    public int ke1Length() {
        return noe() + NN + npk();
    }

    public int ke2Length() {
        return credentialResponseLength() + NN + npk() + nm();
    }

    public int ke3Length() {
        return nm();
    }
}
