package org.bkv.ejb.audit.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The canonical event JSON: one byte string per map of fields, whatever the map's order. */
class CanonicalEventTest {

    @Test
    void keysAreSortedAndThereIsNoWhitespace() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", "ATTEMPT_COUNTED");
        fields.put("time", "2025-06-01T12:00:00.123Z");
        fields.put("outcome", "SUCCESS");
        fields.put("node", "bkv-1");
        fields.put("details", "attempt 3 of 10");
        fields.put("actor", "client");
        assertThat(CanonicalEvent.toJson(fields)).isEqualTo("{\"actor\":\"client\",\"details\":\"attempt 3 of 10\","
                + "\"node\":\"bkv-1\",\"outcome\":\"SUCCESS\",\"time\":\"2025-06-01T12:00:00.123Z\",\"type\":\"ATTEMPT_COUNTED\"}");
        assertThat(CanonicalEvent.toJson(new HashMap<>(fields))).isEqualTo(CanonicalEvent.toJson(fields));
    }

    @Test
    void stringsAreEscapedAsJcsDoes() {
        String value = "quote\" backslash\\ nl\n tab\t cr\r bell\u0007 del\u007f slash/ é € 😀 \u2028";
        assertThat(CanonicalEvent.toJson(Map.of("details", value))).isEqualTo(
                "{\"details\":\"quote\\\" backslash\\\\ nl\\n tab\\t cr\\r bell\\u0007 del\u007f slash/ é € 😀 \u2028\"}");
        assertThat(CanonicalEvent.toEntry(Map.of("details", "é"))).isEqualTo("{\"details\":\"é\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void upperCaseKeysSortBeforeLowerCaseAsInCodePointOrder() {
        assertThat(CanonicalEvent.toJson(Map.of("b", "1", "B", "2", "a_1", "3", "a", "4")))
                .isEqualTo("{\"B\":\"2\",\"a\":\"4\",\"a_1\":\"3\",\"b\":\"1\"}");
    }

    @Test
    void whatCannotBeCanonicalIsRefused() {
        assertThatThrownBy(() -> CanonicalEvent.toJson(Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalEvent.toJson(Map.of("bad key", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalEvent.toJson(Map.of("", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalEvent.toJson(Map.of("k", "lone \ud800 surrogate")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> CanonicalEvent.toEntry(Map.of("details", "x".repeat(CanonicalEvent.MAX_ENTRY_BYTES))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
