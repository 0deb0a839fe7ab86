package org.bkv.opaque.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.junit.jupiter.api.Test;

/** The radix-16 generator table agrees with Bouncy Castle's comb on edge and random scalars. */
class P256GeneratorTableTest {

    @Test
    void generatorTableAgreesWithBouncyCastle() throws Exception {
        FixedPointCombMultiplier comb = new FixedPointCombMultiplier();
        BigInteger n = P256Group.N;
        SecureRandom rnd = new SecureRandom();
        BigInteger[] edge = {BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(15), BigInteger.valueOf(16), BigInteger.valueOf(17),
            BigInteger.valueOf(272), n.subtract(BigInteger.ONE), n.subtract(BigInteger.TWO), BigInteger.ONE.shiftLeft(255),
            BigInteger.ONE.shiftLeft(4).subtract(BigInteger.ONE).shiftLeft(200)};
        for (int i = 0; i < edge.length + 300; i++) {
            BigInteger k = i < edge.length ? edge[i] : new BigInteger(256, rnd).mod(n.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            byte[] scalar = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, k);
            byte[] ours = P256Group.INSTANCE.multiplyGenerator(scalar).toByteArray();
            byte[] theirs = comb.multiply(P256Group.G, k).getEncoded(true);
            assertThat(ours).as("k = " + k).isEqualTo(theirs);
        }
    }
}
