package io.spool.langgraph4j;

import org.bsc.langgraph4j.RunnableConfig;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.checkpoint.BaseCheckpointSaver;
import org.bsc.langgraph4j.checkpoint.Checkpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * LangGraph4j's checkpoint saver, backed by the server's {@link io.spool.graph.Checkpointer}, so that LangGraph4j
 * state lives in Spool storage. It holds nothing itself: it finds the run (and so the thread's checkpointer) in the
 * {@link RunnableConfig} LangGraph4j hands it, which lets one compiled graph serve every run. Every adapted graph and
 * subgraph shares the one {@link #INSTANCE}: LangGraph4j checkpoints a subgraph only with its parent's saver. The
 * checkpoints of a subgraph (whose config carries the task running it) go to the run's {@link SubgraphCheckpoints}.
 *
 * <p>A LangGraph4j checkpoint is (id, state, nodeId, nextNodeId); in Spool the state is the checkpoint's values,
 * {@code next} is [nextNodeId] (none at the end), and the two node ids go to the opaque {@code runtime} map.
 */
final class SpoolCheckpointSaver implements BaseCheckpointSaver {

    static final SpoolCheckpointSaver INSTANCE = new SpoolCheckpointSaver();

    /** Runtime keys: the node that produced the checkpoint and the node LangGraph4j runs next. */
    static final String NODE = "lg4j_node";
    static final String NEXT = "lg4j_next";
    /** Runtime key: the super-step number, also kept here in case a checkpoint's metadata lacks it. */
    static final String STEP = "step";
    /** Runtime key: answers already given to the paused node's earlier interrupts, replayed when it runs again. */
    static final String ANSWERS = "interrupt_answers";
    /** Runtime key: the paused task's node, under the nodes running the subgraphs it is in. */
    static final String PAUSED_TASK = "paused_task";

    private SpoolCheckpointSaver() {
    }

    @Override
    public Collection<Checkpoint> list(RunnableConfig config) {
        var context = RunContext.of(config);
        var owner = NodeTask.find(config);
        if (owner.isPresent()) return context.subgraphCheckpoint(owner.get(), config).stream().toList();
        return context.run.checkpointer().list(Integer.MAX_VALUE, null).stream()
                .map(context::langGraph4jView)
                .toList();
    }

    @Override
    public Optional<Checkpoint> get(RunnableConfig config) {
        var context = RunContext.of(config);
        var owner = NodeTask.find(config);
        if (owner.isPresent()) return context.subgraphCheckpoint(owner.get(), config);
        return context.langGraph4jCheckpoint(config.checkPointId().orElse(null));
    }

    @Override
    public RunnableConfig put(RunnableConfig config, Checkpoint checkpoint) {
        var context = RunContext.of(config);
        var owner = NodeTask.find(config);
        String id = owner.isPresent() ? context.saveSubgraphStep(owner.get(), checkpoint, config)
                : context.saveStep(checkpoint).checkpointId();
        return RunnableConfig.builder(config).checkPointId(id).build();
    }

    @Override
    public Tag release(RunnableConfig config) {
        return new Tag(threadId(config), List.of()); // the server owns the thread's lifetime
    }

    /** The LangGraph4j view of a stored checkpoint, whose next node {@code next} is (LangGraph4j's id). */
    static Checkpoint toLangGraph4j(io.spool.graph.Checkpoint checkpoint, String next) {
        // a mutable copy: storage may hand back immutable maps and lists, and reducers add to the old list in place
        return Checkpoint.builder()
                .id(checkpoint.checkpointId())
                .state(PlainStateSerializer.copy(checkpoint.values()))
                .nodeId(runtimeString(checkpoint, NODE, StateGraph.START))
                .nextNodeId(next)
                .build();
    }

    static String runtimeString(io.spool.graph.Checkpoint checkpoint, String key, String fallback) {
        return checkpoint.runtime().get(key) instanceof String value ? value : fallback;
    }

    static int stepOf(io.spool.graph.Checkpoint checkpoint) {
        if (checkpoint.metadata().get(STEP) instanceof Number step) return step.intValue();
        if (checkpoint.runtime().get(STEP) instanceof Number step) return step.intValue();
        return -1;
    }

    /** The path of the task a checkpoint paused in; else its next node, where a static breakpoint paused. */
    static List<String> pausedPathOf(io.spool.graph.Checkpoint checkpoint) {
        if (checkpoint.runtime().get(PAUSED_TASK) instanceof List<?> path) {
            return path.stream().map(String::valueOf).toList();
        }
        String next = runtimeString(checkpoint, NEXT, null);
        return next == null ? List.of() : List.of(next);
    }

    static List<Object> answersOf(io.spool.graph.Checkpoint checkpoint) {
        Object answers = checkpoint.runtime().get(ANSWERS);
        return answers instanceof List<?> list ? new ArrayList<>(list) : new ArrayList<>();
    }
}
