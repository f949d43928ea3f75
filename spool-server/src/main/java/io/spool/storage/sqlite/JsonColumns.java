package io.spool.storage.sqlite;

import io.spool.json.Json;
import java.util.List;
import java.util.Map;

/** JSON text columns. */
final class JsonColumns {

    private JsonColumns() {
    }

    static String write(Object value) {
        return value == null ? null : Json.text(value);
    }

    static Map<String, Object> map(String text) {
        return text == null ? null : Json.map(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(String text) {
        return text == null ? List.of() : (List<Object>) Json.plain(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
