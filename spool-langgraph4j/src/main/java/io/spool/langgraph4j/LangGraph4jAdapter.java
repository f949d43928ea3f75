package io.spool.langgraph4j;

import io.spool.graph.GraphAdapter;
import io.spool.graph.SpoolGraph;
import org.bsc.langgraph4j.CompiledGraph;
import org.bsc.langgraph4j.StateGraph;

import java.util.Set;

/**
 * Serves LangGraph4j graphs: a {@link StateGraph} (the adapter compiles it with its own checkpoint saver) or a
 * {@link CompiledGraph} (its state graph is recompiled the same way; its interrupt-before/after nodes are kept).
 */
public final class LangGraph4jAdapter implements GraphAdapter {

    @Override
    public boolean supports(Object graphObject) {
        return graphObject instanceof StateGraph<?> || graphObject instanceof CompiledGraph<?>;
    }

    @Override
    public SpoolGraph adapt(String graphId, Object graphObject) {
        if (graphObject instanceof StateGraph<?> stateGraph) {
            return new LangGraph4jGraph<>(graphId, stateGraph, Set.of(), Set.of());
        }
        if (graphObject instanceof CompiledGraph<?> compiled) {
            return new LangGraph4jGraph<>(graphId, compiled.stateGraph,
                    compiled.compileConfig.interruptsBefore(), compiled.compileConfig.interruptsAfter());
        }
        throw new IllegalArgumentException("not a LangGraph4j graph: " + graphObject);
    }
}
