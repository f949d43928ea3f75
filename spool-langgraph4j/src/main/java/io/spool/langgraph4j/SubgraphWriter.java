package io.spool.langgraph4j;

import io.spool.graph.StreamWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * The stream writer of the nodes of a subgraph: their events reach the run's writer under the subgraph's namespace
 * ({@code updates|research:<task id>}), and only when the run was created with {@code stream_subgraphs}; otherwise
 * LangGraph streams nothing from inside subgraphs, and neither does this writer.
 */
final class SubgraphWriter implements StreamWriter {

    private final StreamWriter run;
    private final List<String> namespace;
    private final boolean enabled;

    SubgraphWriter(StreamWriter run, List<String> namespace, boolean enabled) {
        this.run = run;
        this.namespace = List.copyOf(namespace);
        this.enabled = enabled;
    }

    @Override
    public boolean wants(String mode) {
        return enabled && run.wants(mode);
    }

    @Override
    public void emit(String mode, Object payload) {
        if (enabled) run.emit(mode, namespace, payload);
    }

    @Override
    public void emit(String mode, List<String> inner, Object payload) {
        if (!enabled) return;
        List<String> full = new ArrayList<>(namespace);
        full.addAll(inner);
        run.emit(mode, full, payload);
    }
}
