package io.spool.store;

import io.spool.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The texts of an item that are embedded: for each field path, {@code "$"} (the whole value as JSON) or dotted keys
 * into it ({@code "recipe.title"}); a string is embedded as it is, anything else as its JSON. A path that is not in
 * the value is skipped.
 */
final class IndexedText {

    record Text(String field, String text) {
    }

    private IndexedText() {
    }

    static List<Text> of(Map<String, Object> value, List<String> fields) {
        List<Text> out = new ArrayList<>();
        for (String field : fields) {
            Object at = field.equals("$") ? value : at(value, field);
            if (at == null) continue;
            out.add(new Text(field, at instanceof String s ? s : Json.text(at)));
        }
        return out;
    }

    private static Object at(Map<String, Object> value, String path) {
        Object cur = value;
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) return null;
            cur = m.get(part);
        }
        return cur;
    }
}
