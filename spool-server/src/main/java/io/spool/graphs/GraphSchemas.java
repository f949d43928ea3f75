package io.spool.graphs;

import io.spool.graph.SpoolGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON schemas a graph is described by, as {@code GET /assistants/{id}/schemas} serves them and as MCP tools and
 * A2A skills take them: the five schemas, each one the graph does not describe an open object schema.
 */
public final class GraphSchemas {

    public static final List<String> KEYS = List.of("input_schema", "output_schema", "state_schema",
            "config_schema", "context_schema");

    private GraphSchemas() {
    }

    /** The five schemas of {@code graph}; those it does not describe are an object schema titled {@code title}. */
    public static Map<String, Object> of(SpoolGraph graph, String title) {
        Map<String, Object> given = graph.schemas();
        Map<String, Object> schemas = new LinkedHashMap<>();
        for (String key : KEYS) schemas.put(key, given.getOrDefault(key, Map.of("type", "object", "title", title)));
        return schemas;
    }

    /** The schema of the graph's input. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> input(SpoolGraph graph, String title) {
        return (Map<String, Object>) of(graph, title).get("input_schema");
    }
}
