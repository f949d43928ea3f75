package io.spool.storage.sql;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON text columns. A mapper of its own (the defaults, as the server's), so the backend imports no core package. */
public final class JsonColumns {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    public static String write(Object value) {
        return value == null ? null : MAPPER.writeValueAsString(value);
    }

    public static Map<String, Object> map(String text) {
        return text == null ? null : MAPPER.readValue(text.getBytes(StandardCharsets.UTF_8), MAP);
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(String text) {
        if (text == null) return List.of();
        return (List<Object>) MAPPER.readValue(text.getBytes(StandardCharsets.UTF_8), Object.class);
    }
}
