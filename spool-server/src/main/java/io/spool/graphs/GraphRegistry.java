package io.spool.graphs;

import io.spool.graph.GraphAdapter;
import io.spool.graph.SpoolGraph;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The graphs this server hosts, by graph id, each adapted to the runtime SPI. */
public final class GraphRegistry {

    private final Map<String, SpoolGraph> graphs;

    public GraphRegistry(Map<String, SpoolGraph> graphs) {
        this.graphs = Collections.unmodifiableMap(new LinkedHashMap<>(graphs));
    }

    /** Resolves every {@code id -> "com.example.Class::member"} entry and adapts what it names. */
    public static GraphRegistry load(Map<String, String> specs, ClassLoader loader) {
        Map<String, Object> resolved = new LinkedHashMap<>();
        specs.forEach((id, spec) -> resolved.put(id, GraphReference.resolve(spec, loader)));
        return of(resolved, loader);
    }

    /** Adapts graph objects given directly (graph id to a compiled graph or a {@link SpoolGraph}). */
    public static GraphRegistry of(Map<String, Object> given, ClassLoader loader) {
        List<GraphAdapter> adapters = ServiceLoader.load(GraphAdapter.class, loader).stream()
                .map(ServiceLoader.Provider::get).toList();
        Map<String, SpoolGraph> graphs = new LinkedHashMap<>();
        given.forEach((id, graph) -> graphs.put(id, adapt(id, graph, adapters)));
        return new GraphRegistry(graphs);
    }

    private static SpoolGraph adapt(String id, Object graph, List<GraphAdapter> adapters) {
        if (graph instanceof SpoolGraph g) return g;
        for (GraphAdapter a : adapters) {
            if (a.supports(graph)) return a.adapt(id, graph);
        }
        throw new GraphConfigException("graph '" + id + "' is a " + graph.getClass().getName()
                + ", which no installed runtime adapter supports (is spool-langgraph4j on the class path?)");
    }

    public Optional<SpoolGraph> get(String graphId) {
        return Optional.ofNullable(graphs.get(graphId));
    }

    public Map<String, SpoolGraph> all() {
        return graphs;
    }
}
