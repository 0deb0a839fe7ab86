package org.bkv.client.sdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    @Test
    void readsAProblemWithEveryKindOfValue() throws Exception {
        Map<String, Object> problem = Json.parseObject(
                "{\"type\":\"about:blank\",\"status\":401,\"ok\":false,\"x\":null,\"errors\":[{\"a\":1.5e2}],"
                        + "\"detail\":\"caf\\u00e9 \\\"q\\\"\"}");
        assertThat(problem.get("status")).isEqualTo(new BigDecimal("401"));
        assertThat(problem.get("ok")).isEqualTo(Boolean.FALSE);
        assertThat(problem.get("x")).isSameAs(Json.NULL);
        assertThat((List<?>) problem.get("errors")).hasSize(1);
        assertThat(Json.string(problem, "detail")).isEqualTo("café \"q\"");
        assertThat(Json.integer(problem, "status", 0, 999)).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{", "{\"a\":1,\"a\":2}", "{\"a\":01}", "{\"a\":1} x", "{\"a\":\"\\ud800\"}",
            "{\"a\":tru}", "{'a':1}", "{\"a\":1,}", "{\"a\":\"\u0001\"}", "{\"a\":1e99999}"})
    void refusesWhatIsNotOneStrictObject(String text) {
        assertThatThrownBy(() -> Json.parseObject(text)).isInstanceOf(Json.SyntaxException.class);
    }

    @Test
    void refusesDeepNesting() {
        assertThatThrownBy(() -> Json.parseObject("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"))
                .isInstanceOf(Json.SyntaxException.class).hasMessageContaining("nested too deeply");
    }

    @Test
    void integersOutOfRangeOrFractionalAreRefused() throws Exception {
        Map<String, Object> object = Json.parseObject("{\"a\":1.5,\"b\":-1,\"c\":\"1\"}");
        assertThatThrownBy(() -> Json.integer(object, "a", 0, 10)).isInstanceOf(Json.SyntaxException.class);
        assertThatThrownBy(() -> Json.integer(object, "b", 0, 10)).isInstanceOf(Json.SyntaxException.class);
        assertThatThrownBy(() -> Json.integer(object, "c", 0, 10)).isInstanceOf(Json.SyntaxException.class);
    }

    @Test
    void writesEscapedStringsInOrder() throws Exception {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("identifier", "a\"b\\c\n\u0001é");
        members.put("suite", "P256-SHA256");
        String text = Json.write(members);
        assertThat(text).isEqualTo("{\"identifier\":\"a\\\"b\\\\c\\n\\u0001é\",\"suite\":\"P256-SHA256\"}");
        assertThat(Json.parseObject(text)).isEqualTo(Map.copyOf(members));
    }
}
