package io.spool.json;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the server, and the few conversions everything uses. */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private Json() {
    }

    public static byte[] bytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static String text(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Parses JSON text; throws {@link JacksonException} on malformed input. */
    public static JsonNode tree(byte[] json) {
        return MAPPER.readTree(json);
    }

    /** A JSON value as plain Java objects: maps, lists, strings, numbers, booleans, null. */
    public static Object plain(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return null;
        return MAPPER.convertValue(node, Object.class);
    }

    public static Map<String, Object> map(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return null;
        return MAPPER.convertValue(node, MAP);
    }

    public static Map<String, Object> map(byte[] json) {
        return MAPPER.readValue(json, MAP);
    }

    public static Object plain(byte[] json) {
        return MAPPER.readValue(json, Object.class);
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
