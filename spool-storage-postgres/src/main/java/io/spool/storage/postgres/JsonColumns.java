package io.spool.storage.postgres;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON text columns. A mapper of its own (the defaults, as the server's), so the backend imports no core package. */
final class JsonColumns {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    static String write(Object value) {
        return value == null ? null : MAPPER.writeValueAsString(value);
    }

    static Map<String, Object> map(String text) {
        return text == null ? null : MAPPER.readValue(text.getBytes(StandardCharsets.UTF_8), MAP);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(String text) {
        if (text == null) return List.of();
        return (List<Object>) MAPPER.readValue(text.getBytes(StandardCharsets.UTF_8), Object.class);
    }
}
