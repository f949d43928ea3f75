package io.spool.langgraph4j;

import io.spool.graph.Checkpoint;
import io.spool.graph.GraphRun;
import io.spool.graph.GraphShape;
import io.spool.graph.SpoolGraph;
import io.spool.graph.SubgraphState;
import org.bsc.langgraph4j.CompileConfig;
import org.bsc.langgraph4j.CompiledGraph;
import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.internal.node.ParallelNode;
import org.bsc.langgraph4j.state.AgentState;
import org.bsc.langgraph4j.state.Channel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A LangGraph4j {@link StateGraph} served through the SPI; a {@link GraphRunner} carries out each {@link #run}. */
final class LangGraph4jGraph<S extends AgentState> implements SpoolGraph {

    /** The runner enforces {@code recursion_limit} itself (see {@link GraphRunner}); LangGraph4j gets no limit. */
    private static final int NO_LIMIT = Integer.MAX_VALUE;

    private record CompileKey(Set<String> interruptBefore, Set<String> interruptAfter) {
    }

    private final String graphId;
    private final StateGraph<S> stateGraph;
    private final Set<String> defaultInterruptBefore;
    private final Set<String> defaultInterruptAfter;
    private final GraphShape shape;
    private final List<String> nodeIds;
    /** The nodes a LangGraph4j parallel pseudo-node ({@code __PARALLEL__(source)}) stands for. */
    private final Map<String, List<String>> parallelBranches = new HashMap<>();
    private final Map<CompileKey, CompiledGraph<S>> compiled = new ConcurrentHashMap<>();
    /** The graphs this one runs as nodes, by node name. */
    private final Map<String, SpoolGraph> subgraphs = new LinkedHashMap<>();
    private final Map<String, Object> schemas;

    @SuppressWarnings("unchecked")
    LangGraph4jGraph(String graphId, StateGraph<?> stateGraph, Set<String> interruptBefore,
                     Set<String> interruptAfter) {
        this.graphId = graphId;
        this.stateGraph = (StateGraph<S>) stateGraph;
        this.defaultInterruptBefore = Set.copyOf(interruptBefore);
        this.defaultInterruptAfter = Set.copyOf(interruptAfter);
        NodeCallHook.installOn(this.stateGraph);
        Subgraphs.shareSaver(this.stateGraph).forEach((node, subgraph) ->
                subgraphs.put(node, new LangGraph4jGraph<>(node, subgraph, Set.of(), Set.of())));
        this.shape = GraphShapes.of(this.stateGraph);
        Map<String, Object> state = StateSchemas.of(graphId, this.stateGraph);
        this.schemas = Map.of("input_schema", state, "output_schema", state, "state_schema", state);
        this.nodeIds = shape.nodes().stream()
                .filter(id -> !id.equals(GraphShapes.START) && !id.equals(GraphShapes.END))
                .toList();
        for (GraphShape.Edge edge : shape.edges()) {
            if (!edge.conditional()) {
                parallelBranches.computeIfAbsent(ParallelNode.formatNodeId(GraphShapes.langGraph4jName(edge.source())),
                        key -> new ArrayList<>()).add(edge.target());
            }
        }
        parallelBranches.values().removeIf(targets -> targets.size() < 2);
        // fail at startup rather than on the first run
        compiled(List.of(), List.of());
    }

    String graphId() {
        return graphId;
    }

    @Override
    public GraphShape shape() {
        return shape;
    }

    @Override
    public void run(GraphRun run) throws Exception {
        new GraphRunner<>(this, run).run();
    }

    /** Input, output and state schemas: the state's channels, typed as far as LangGraph4j tells their types. */
    @Override
    public Map<String, Object> schemas() {
        return schemas;
    }

    @Override
    public Map<String, SpoolGraph> subgraphs() {
        return Collections.unmodifiableMap(subgraphs);
    }

    @Override
    public Optional<SubgraphState> subgraphState(Checkpoint checkpoint, String node) {
        if (!subgraphs.containsKey(node)) return Optional.empty();
        return SubgraphCheckpoints.stateAt(checkpoint, node, SpoolCheckpointSaver.pausedPathOf(checkpoint));
    }

    /** Applies {@code update} through the channels' reducers, as a node's update would be; stored keys stay first. */
    @Override
    public Map<String, Object> applyUpdate(Map<String, Object> current, Map<String, Object> update) {
        var merged = AgentState.updateState(PlainStateSerializer.copy(current), update, stateGraph.getChannels());
        var order = new KeyOrder();
        order.note(current);
        order.note(update);
        return order.apply(merged);
    }

    Map<String, Channel<?>> channels() {
        return stateGraph.getChannels();
    }

    /** The state of a new thread: the channels' defaults. */
    Map<String, Object> initialState() {
        return stateGraph.getStateFactory().initialDataFromSchema(stateGraph.getChannels());
    }

    /** The API's {@code next} for a LangGraph4j next-node id. */
    List<String> nextNodes(String langGraph4jNext) {
        if (langGraph4jNext == null || StateGraph.END.equals(langGraph4jNext)) return List.of();
        return parallelBranches.getOrDefault(langGraph4jNext, List.of(GraphShapes.spoolName(langGraph4jNext)));
    }

    /** The LangGraph4j next-node id for the API's {@code next} (the parallel pseudo-node for several branches). */
    String langGraph4jNext(List<String> next) {
        if (next.isEmpty()) return StateGraph.END;
        if (next.size() > 1) {
            for (var branches : parallelBranches.entrySet()) {
                if (Set.copyOf(branches.getValue()).equals(Set.copyOf(next))) return branches.getKey();
            }
        }
        return GraphShapes.langGraph4jName(next.getFirst());
    }

    /** The graph compiled for a run's interrupt settings; compiled graphs are stateless and shared between runs. */
    CompiledGraph<S> compiled(List<String> interruptBefore, List<String> interruptAfter) {
        var key = new CompileKey(nodeSet(interruptBefore, defaultInterruptBefore),
                nodeSet(interruptAfter, defaultInterruptAfter));
        return compiled.computeIfAbsent(key, this::compile);
    }

    /** A run's interrupt nodes replace the graph's own, as in LangGraph; {@code *} means every node. */
    private Set<String> nodeSet(Collection<String> names, Set<String> defaults) {
        if (names.isEmpty()) return defaults;
        return Set.copyOf(names.contains("*") ? nodeIds : names);
    }

    private CompiledGraph<S> compile(CompileKey key) {
        try {
            return stateGraph.compile(CompileConfig.builder()
                    .checkpointSaver(SpoolCheckpointSaver.INSTANCE)
                    .interruptsBefore(key.interruptBefore())
                    .interruptsAfter(key.interruptAfter())
                    .recursionLimit(NO_LIMIT)
                    .build());
        } catch (GraphStateException e) {
            throw new IllegalArgumentException("graph '" + graphId + "' cannot be compiled: " + e.getMessage(), e);
        }
    }
}
