package io.spool.http;

import io.spool.errors.ApiError;
import io.spool.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Typed, validated access to a JSON object body: a wrong type is a 422 that names the field. */
public final class JsonBody {

    private final JsonNode node;

    JsonBody(JsonNode node) {
        this.node = node;
    }

    /** The whole body as plain Java objects. */
    public Map<String, Object> toMap() {
        return Json.map(node);
    }

    /** The names of the body's fields, for endpoints that refuse unknown ones. */
    public List<String> fieldNames() {
        return new ArrayList<>(node.propertyNames());
    }

    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    public String string(String field) {
        JsonNode v = value(field);
        if (v == null) return null;
        if (!v.isString()) throw wrongType(field, "a string");
        return v.asString();
    }

    public String requiredString(String field) {
        String s = string(field);
        if (s == null) throw ApiError.invalid("Field '" + field + "' is required");
        return s;
    }

    /** A string that must be one of {@code allowed}. */
    public String oneOf(String field, List<String> allowed) {
        String s = string(field);
        if (s != null && !allowed.contains(s)) {
            throw ApiError.invalid("Field '" + field + "' must be one of " + allowed + ", got '" + s + "'");
        }
        return s;
    }

    public Map<String, Object> object(String field) {
        JsonNode v = value(field);
        if (v == null) return null;
        if (!v.isObject()) throw wrongType(field, "an object");
        return Json.map(v);
    }

    public boolean bool(String field, boolean dflt) {
        JsonNode v = value(field);
        if (v == null) return dflt;
        if (!v.isBoolean()) throw wrongType(field, "a boolean");
        return v.asBoolean();
    }

    public Integer integer(String field) {
        JsonNode v = value(field);
        if (v == null) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw wrongType(field, "an integer");
        return v.asInt();
    }

    public double number(String field, double dflt) {
        JsonNode v = value(field);
        if (v == null) return dflt;
        if (!v.isNumber()) throw wrongType(field, "a number");
        return v.asDouble();
    }

    /** Any JSON value as plain Java objects; null when absent or null. */
    public Object any(String field) {
        return Json.plain(value(field));
    }

    /** A string or a list of strings, as a list; null when absent. */
    public List<String> stringOrList(String field) {
        JsonNode v = value(field);
        if (v == null) return null;
        if (v.isString()) return List.of(v.asString());
        if (!v.isArray()) throw wrongType(field, "a string or a list of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isString()) throw wrongType(field, "a string or a list of strings");
            out.add(item.asString());
        }
        return out;
    }

    public List<String> stringList(String field) {
        JsonNode v = value(field);
        if (v == null) return null;
        if (!v.isArray()) throw wrongType(field, "a list of strings");
        return stringOrList(field);
    }

    private JsonNode value(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private static ApiError wrongType(String field, String expected) {
        return ApiError.invalid("Field '" + field + "' must be " + expected);
    }
}
