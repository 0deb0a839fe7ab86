package org.bkv.opaque.oprf;

import java.security.SecureRandom;
import org.bkv.opaque.InvalidEncodingException;
import org.bkv.opaque.ProtocolException;
import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.group.P256Group;
import org.bkv.opaque.group.PrimeOrderGroup;
import org.bkv.opaque.group.Ristretto255Group;
import org.bkv.opaque.internal.Bytes;
import org.bkv.opaque.internal.HashFunction;

/**
 * RFC 9497 OPRF in base mode for one ciphersuite. Immutable and thread-safe; the per-suite domain
 * separation tags are computed once.
 */
public final class Oprf {
    public static final Oprf P256_SHA256 = new Oprf("P256-SHA256", P256Group.INSTANCE, HashFunction.SHA256);
    public static final Oprf RISTRETTO255_SHA512 =
            new Oprf("ristretto255-SHA512", Ristretto255Group.INSTANCE, HashFunction.SHA512);

    private static final byte[] FINALIZE = Bytes.ascii("Finalize");

    private final String identifier;
    private final PrimeOrderGroup group;
    private final HashFunction hash;
    private final byte[] hashToGroupDst;
    private final byte[] hashToScalarDst;
    private final byte[] deriveKeyPairDst;

    private Oprf(String identifier, PrimeOrderGroup group, HashFunction hash) {
        this.identifier = identifier;
        this.group = group;
        this.hash = hash;
        byte[] contextString = Bytes.concat(Bytes.ascii("OPRFV1-"), new byte[] {0x00}, Bytes.ascii("-" + identifier));
        this.hashToGroupDst = Bytes.concat(Bytes.ascii("HashToGroup-"), contextString);
        this.hashToScalarDst = Bytes.concat(Bytes.ascii("HashToScalar-"), contextString);
        this.deriveKeyPairDst = Bytes.concat(Bytes.ascii("DeriveKeyPair"), contextString);
    }

    /** The RFC 9497 identifier, e.g. "P256-SHA256". */
    public String identifier() {
        return identifier;
    }

    public PrimeOrderGroup group() {
        return group;
    }

    public HashFunction hash() {
        return hash;
    }

    /** The result of Blind: the secret blind (serialized scalar) and the blinded element. */
    public record Blinded(byte[] blind, GroupElement blindedElement) {
        public Blinded {
            blind = blind.clone();
        }

        @Override
        public byte[] blind() {
            return blind.clone();
        }
    }

    /** Blind(input) with a fresh random blind. */
    public Blinded blind(byte[] input, SecureRandom random) throws ProtocolException {
        return blind(input, group.randomScalar(random));
    }

    /** Blind(input) with a given blind (test vectors). */
    public Blinded blind(byte[] input, byte[] blind) throws ProtocolException {
        GroupElement inputElement = group.hashToGroup(input, hashToGroupDst);
        GroupElement blinded = group.multiply(inputElement, blind);
        return new Blinded(blind, blinded);
    }

    /** BlindEvaluate(skS, blindedElement) = skS · blindedElement. */
    public GroupElement blindEvaluate(byte[] skS, GroupElement blindedElement) throws ProtocolException {
        return group.multiply(group.requireElement(blindedElement), skS);
    }

    /** Finalize(input, blind, evaluatedElement). */
    public byte[] finalize(byte[] input, byte[] blind, GroupElement evaluatedElement) throws ProtocolException {
        byte[] inverse = group.invertScalar(blind);
        try {
            GroupElement n = group.multiply(group.requireElement(evaluatedElement), inverse);
            byte[] unblinded = n.toByteArray();
            return hash.hash(Bytes.i2osp(input.length, 2), input, Bytes.i2osp(unblinded.length, 2), unblinded, FINALIZE);
        } finally {
            Bytes.zero(inverse);
        }
    }

    /** Server-side Evaluate(skS, input) without blinding (tests and key checks). */
    public byte[] evaluate(byte[] skS, byte[] input) throws ProtocolException {
        GroupElement inputElement = group.hashToGroup(input, hashToGroupDst);
        byte[] issued = group.multiply(inputElement, skS).toByteArray();
        return hash.hash(Bytes.i2osp(input.length, 2), input, Bytes.i2osp(issued.length, 2), issued, FINALIZE);
    }

    /** DeriveKeyPair(seed, info): returns the private scalar skS (serialized). */
    public byte[] deriveKeyPair(byte[] seed, byte[] info) throws ProtocolException {
        if (info.length > 0xffff) {
            throw new ProtocolException("DeriveKeyPair info too long");
        }
        byte[] deriveInput = Bytes.concat(seed, Bytes.i2osp(info.length, 2), info, new byte[1]);
        try {
            for (int counter = 0; counter <= 255; counter++) {
                deriveInput[deriveInput.length - 1] = (byte) counter;
                byte[] sk = group.hashToScalar(deriveInput, deriveKeyPairDst);
                if (!group.isZeroScalar(sk)) {
                    return sk;
                }
            }
        } finally {
            Bytes.zero(deriveInput);
        }
        throw new ProtocolException("DeriveKeyPairError");
    }

    /** Deserializes a blinded or evaluated element of this suite's group. */
    public GroupElement deserializeElement(byte[] encoded) throws InvalidEncodingException {
        return group.deserializeElement(encoded);
    }
}
