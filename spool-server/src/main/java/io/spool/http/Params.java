package io.spool.http;

import io.spool.errors.ApiError;
import io.spool.ids.Ids;
import io.spool.json.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Validation of path and query parameters. */
final class Params {

    private Params() {
    }

    static String threadId(Exchange ex) {
        return uuid(ex.path("thread_id"), "thread ID");
    }

    static String runId(Exchange ex) {
        return uuid(ex.path("run_id"), "run ID");
    }

    static String uuid(String value, String what) {
        if (!Ids.isUuid(value)) throw ApiError.invalid("Invalid " + what + ": must be a UUID");
        return value.toLowerCase();
    }

    /** {@code true/1/yes} or {@code false/0/no}, any case; {@code dflt} when absent. */
    static boolean bool(Exchange ex, String name, boolean dflt) {
        String v = ex.query(name);
        if (v == null || v.isEmpty()) return dflt;
        return switch (v.toLowerCase()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiError.invalid("Query parameter '" + name + "' must be true or false");
        };
    }

    static int integer(Exchange ex, String name, int dflt, int min, int max) {
        String v = ex.query(name);
        if (v == null || v.isEmpty()) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.invalid("Query parameter '" + name + "' must be an integer from " + min + " to " + max);
        }
    }

    static String oneOf(Exchange ex, String name, List<String> allowed, String dflt) {
        String v = ex.query(name);
        if (v == null || v.isEmpty()) return dflt;
        if (!allowed.contains(v)) throw ApiError.invalid("Query parameter '" + name + "' must be one of " + allowed);
        return v;
    }

    /**
     * A query parameter that lists values, repeated and/or as in {@link #split} ({@code include=a&include=b},
     * {@code include=a,b}); each must be one of {@code allowed}. Empty when absent.
     */
    static List<String> list(Exchange ex, String name, List<String> allowed) {
        List<String> out = new java.util.ArrayList<>();
        for (String raw : ex.queryAll(name)) {
            for (String s : split(raw)) {
                if (!allowed.contains(s)) {
                    throw ApiError.invalid("Query parameter '" + name + "' must list values of " + allowed + ", got '"
                            + s + "'");
                }
                out.add(s);
            }
        }
        return out;
    }

    static int limit(Integer value, int dflt) {
        int n = value == null ? dflt : value;
        if (n < 1 || n > 10_000) throw ApiError.invalid("Field 'limit' must be from 1 to 10000");
        return n;
    }

    static int offset(Integer value) {
        int n = value == null ? 0 : value;
        if (n < 0) throw ApiError.invalid("Field 'offset' must not be negative");
        return n;
    }

    /** One query value that lists values: a plain value, a comma list, or JSON array text. */
    static List<String> split(String raw) {
        String v = raw.trim();
        if (v.startsWith("[")) {
            try {
                JsonNode arr = Json.tree(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (arr.isArray()) {
                    List<String> out = new java.util.ArrayList<>();
                    for (JsonNode n : arr) out.add(n.isString() ? n.asString().trim() : n.toString());
                    return out;
                }
            } catch (RuntimeException ignored) {
                // not JSON: reported as an invalid value by the caller
            }
            return List.of(v);
        }
        return java.util.Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
