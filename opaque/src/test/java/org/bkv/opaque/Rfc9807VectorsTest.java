package org.bkv.opaque;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every RFC 9807 vector for ristretto255 and P-256, real and fake, from {@code ${bkv.vectors.dir}/opaque-rfc9807.json}.
 * The curve25519 3DH entries are optional for BKV and are not run.
 */
class Rfc9807VectorsTest {

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> m = new LinkedHashMap<>();
        if (node != null) {
            node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }

    private static List<OpaqueVectorRunner> supportedVectors() {
        List<OpaqueVectorRunner> out = new ArrayList<>();
        for (JsonNode v : Vectors.load("opaque-rfc9807.json")) {
            Map<String, String> config = map(v.get("config"));
            if (OpaqueVectorRunner.suiteOf(config.get("Group")) != null) {
                out.add(new OpaqueVectorRunner(config, map(v.get("inputs")), map(v.get("intermediates")), map(v.get("outputs"))));
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyRistretto255AndP256VectorReproducesByteForByte() {
        return supportedVectors().stream().map(r -> DynamicTest.dynamicTest(r.describe(), r::run));
    }

    @Test
    void theVectorFileHoldsRealAndFakeEntriesForBothSuites() {
        List<String> seen = supportedVectors().stream().map(OpaqueVectorRunner::describe).toList();
        assertThat(seen).contains("ristretto255 real", "ristretto255 real with identities", "ristretto255 fake with identities",
                "P256_XMD:SHA-256_SSWU_RO_ real", "P256_XMD:SHA-256_SSWU_RO_ real with identities",
                "P256_XMD:SHA-256_SSWU_RO_ fake with identities");
    }
}
