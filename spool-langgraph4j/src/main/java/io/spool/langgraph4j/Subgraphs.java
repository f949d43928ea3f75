package io.spool.langgraph4j;

import org.bsc.langgraph4j.CompileConfig;
import org.bsc.langgraph4j.CompiledGraph;
import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.action.SubCompiledGraphNodeAction;
import org.bsc.langgraph4j.internal.node.Node;
import org.bsc.langgraph4j.internal.node.SubCompiledGraphNode;
import org.bsc.langgraph4j.state.AgentState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled graphs a LangGraph4j graph runs as nodes: LangGraph's subgraphs. (A {@link StateGraph} added as a
 * node is not one: LangGraph4j inlines its nodes into the parent.) LangGraph4j checkpoints a subgraph, and so can
 * resume inside it, only when it was compiled with its parent's saver, so each such node is given its subgraph
 * recompiled with the adapter's saver, the subgraph's other compile settings kept.
 */
final class Subgraphs {

    private Subgraphs() {
    }

    /** Makes every subgraph of {@code graph} (and of theirs) use the adapter's saver; returns them by node name. */
    static <S extends AgentState> Map<String, StateGraph<S>> shareSaver(StateGraph<S> graph) {
        return graph.reduce((nodes, edges) -> {
            Map<String, StateGraph<S>> found = new LinkedHashMap<>();
            List<Node<S>> ordered = new ArrayList<>(nodes.elements);
            boolean replaced = false;
            for (int i = 0; i < ordered.size(); i++) {
                if (!(ordered.get(i) instanceof SubCompiledGraphNode<S> node)) continue;
                CompiledGraph<S> subgraph = compiledOf(node);
                found.put(node.id(), subgraph.stateGraph);
                if (subgraph.compileConfig.checkpointSaver().orElse(null) == SpoolCheckpointSaver.INSTANCE) continue;
                shareSaver(subgraph.stateGraph); // a subgraph's own subgraphs first: compiling reads its nodes
                ordered.set(i, new SubCompiledGraphNode<>(node.id(), recompile(subgraph)));
                replaced = true;
            }
            if (replaced) { // keep the nodes in the order they were added, as /graph lists them
                nodes.elements.clear();
                nodes.elements.addAll(ordered);
            }
            return found;
        });
    }

    private static <S extends AgentState> CompiledGraph<S> compiledOf(SubCompiledGraphNode<S> node) {
        try {
            var action = (SubCompiledGraphNodeAction<S>) node.actionFactory().apply(CompileConfig.builder().build());
            return action.subGraph();
        } catch (GraphStateException e) {
            throw new IllegalArgumentException("subgraph node '" + node.id() + "': " + e.getMessage(), e);
        }
    }

    private static <S extends AgentState> CompiledGraph<S> recompile(CompiledGraph<S> subgraph) {
        try {
            return subgraph.stateGraph.compile(CompileConfig.builder(subgraph.compileConfig)
                    .checkpointSaver(SpoolCheckpointSaver.INSTANCE)
                    .build());
        } catch (GraphStateException e) {
            throw new IllegalArgumentException("subgraph cannot be compiled: " + e.getMessage(), e);
        }
    }
}
