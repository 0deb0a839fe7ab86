package org.bkv.opaque.oprf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bkv.opaque.Vectors;
import org.bkv.opaque.group.GroupElement;
import org.bkv.opaque.internal.Bytes;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every base-mode (mode 0) RFC 9497 vector for P256-SHA256 and ristretto255-SHA512. */
class Rfc9497VectorsTest {

    private static Oprf oprfFor(String identifier) {
        return switch (identifier) {
            case "P256-SHA256" -> Oprf.P256_SHA256;
            case "ristretto255-SHA512" -> Oprf.RISTRETTO255_SHA512;
            default -> null;
        };
    }

    private static List<JsonNode> baseModeSuites() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode suite : Vectors.load("oprf-rfc9497.json")) {
            if (suite.get("mode").asInt() == 0 && oprfFor(suite.get("identifier").asText()) != null) {
                out.add(suite);
            }
        }
        return out;
    }

    private static byte[] hex(JsonNode n, String key) {
        return Bytes.hex(n.get(key).asText());
    }

    @Test
    void bothSuitesHaveBaseModeVectors() {
        assertThat(baseModeSuites()).extracting(n -> n.get("identifier").asText())
                .containsExactlyInAnyOrder("P256-SHA256", "ristretto255-SHA512");
    }

    @TestFactory
    Stream<DynamicTest> everyBaseModeVectorReproduces() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode suite : baseModeSuites()) {
            String id = suite.get("identifier").asText();
            Oprf oprf = oprfFor(id);
            tests.add(DynamicTest.dynamicTest(id + " DeriveKeyPair", () -> {
                byte[] sk = oprf.deriveKeyPair(hex(suite, "seed"), hex(suite, "keyInfo"));
                assertThat(Bytes.toHex(sk)).isEqualTo(suite.get("skSm").asText());
                assertThat(Bytes.toHex(Bytes.concat(Bytes.ascii("HashToGroup-OPRFV1-"), new byte[] {0}, Bytes.ascii("-" + id))))
                        .isEqualTo(suite.get("groupDST").asText());
            }));
            int i = 0;
            for (JsonNode v : suite.get("vectors")) {
                int index = ++i;
                tests.add(DynamicTest.dynamicTest(id + " vector " + index, () -> {
                    assertThat(v.get("Batch").asInt()).isEqualTo(1);
                    byte[] sk = hex(suite, "skSm");
                    byte[] input = hex(v, "Input");
                    Oprf.Blinded blinded = oprf.blind(input, hex(v, "Blind"));
                    assertThat(Bytes.toHex(blinded.blindedElement().toByteArray())).isEqualTo(v.get("BlindedElement").asText());
                    GroupElement b = oprf.deserializeElement(hex(v, "BlindedElement"));
                    GroupElement evaluated = oprf.blindEvaluate(sk, b);
                    assertThat(Bytes.toHex(evaluated.toByteArray())).isEqualTo(v.get("EvaluationElement").asText());
                    byte[] output = oprf.finalize(input, hex(v, "Blind"), oprf.deserializeElement(hex(v, "EvaluationElement")));
                    assertThat(Bytes.toHex(output)).isEqualTo(v.get("Output").asText());
                    assertThat(Bytes.toHex(oprf.evaluate(sk, input))).isEqualTo(v.get("Output").asText());
                }));
            }
        }
        return tests.stream();
    }
}
