package io.spool.server;

import io.spool.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code LANGGRAPH_CONFIG}, as the official servers read it: a JSON object from graph ids to the default config of
 * the graph's system assistant ({@code configurable}, {@code tags}, {@code recursion_limit}, ...), its
 * {@code context} under the key {@code context}.
 */
final class LangGraphConfigEnv {

    static final String NAME = "LANGGRAPH_CONFIG";

    private LangGraphConfigEnv() {
    }

    /** The defaults by graph id; empty when the variable is not set. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> parse(String value) {
        if (value == null || value.isBlank()) return Map.of();
        Object parsed;
        try {
            parsed = Json.plain(value.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(NAME + " is not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> byGraph)) throw new IllegalArgumentException(NAME + " must be a JSON object");
        Map<String, Map<String, Object>> defaults = new LinkedHashMap<>();
        for (var entry : byGraph.entrySet()) {
            if (!(entry.getValue() instanceof Map<?, ?> config)) {
                throw new IllegalArgumentException(NAME + ": the config of graph '" + entry.getKey()
                        + "' must be a JSON object");
            }
            defaults.put(String.valueOf(entry.getKey()), (Map<String, Object>) config);
        }
        return defaults;
    }
}
