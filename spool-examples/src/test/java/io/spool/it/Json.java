package io.spool.it;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON for the tests: parse response bodies, write request bodies, read fields without surprises. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Writes objects with sorted keys, so that equal JSON values have equal text. */
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    private Json() {
    }

    /** Parses JSON text; throws an {@link AssertionError} naming the text when it is not JSON. */
    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (RuntimeException e) {
            throw new AssertionError("not JSON: " + abbreviate(text), e);
        }
    }

    /** Writes a value (maps, lists, strings, numbers) as compact JSON text. */
    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Canonical JSON text of a value (sorted keys, compact), for readable equality assertions. */
    static String canonical(JsonNode node) {
        return CANONICAL.writeValueAsString(node);
    }

    /** Canonical JSON text of JSON text. */
    static String canonical(String json) {
        return canonical(parse(json));
    }

    /** The string at {@code field}, or null when it is absent or not a string. */
    static String str(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    /** The strings of a JSON array (non-strings become their JSON text). */
    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array == null || !array.isArray()) return out;
        for (JsonNode n : array) out.add(n.isString() ? n.stringValue() : n.toString());
        return out;
    }

    static String abbreviate(String s) {
        if (s == null) return "null";
        return s.length() <= 600 ? s : s.substring(0, 600) + "...(" + s.length() + " chars)";
    }
}
