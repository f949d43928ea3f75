package io.spool.langgraph4j;

import io.spool.graph.TaskIds;
import org.bsc.langgraph4j.RunnableConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One execution of one node (a LangGraph "task"), handed to the node through its {@link RunnableConfig}. */
final class NodeTask {

    private static final String CONFIG_KEY = "spool.task";

    final String id;
    final String node;
    /** The super-step this execution produces, as LangGraph numbers it ({@code langgraph_step}). */
    final int step;
    /** The state the node was given. */
    final Map<String, Object> input;
    /** Answers to this node's interrupts, in call order, when the node runs again on resume. */
    private final List<Object> resumeValues;
    private int interruptCalls;

    /** {@code afterCheckpoint}: the checkpoint this execution follows, which fixes the task's id; null on none. */
    NodeTask(String node, int step, Map<String, Object> input, List<Object> resumeValues, String afterCheckpoint) {
        this.id = afterCheckpoint == null ? UUID.randomUUID().toString() : TaskIds.of(afterCheckpoint, node);
        this.node = node;
        this.step = step;
        this.input = input;
        // answers may be JSON null, which List.copyOf refuses
        this.resumeValues = Collections.unmodifiableList(new ArrayList<>(resumeValues));
    }

    static Optional<NodeTask> find(RunnableConfig config) {
        return config.metadata(CONFIG_KEY).filter(NodeTask.class::isInstance).map(NodeTask.class::cast);
    }

    RunnableConfig attachTo(RunnableConfig config) {
        return RunnableConfig.builder(config).putMetadata(CONFIG_KEY, this).build();
    }

    synchronized Object interrupt(Object value) {
        int call = interruptCalls++;
        if (call < resumeValues.size()) return resumeValues.get(call);
        throw new GraphInterrupt(this, value);
    }

    /** The answers this execution has used so far; kept with the pause so that a later resume replays them. */
    synchronized List<Object> answered() {
        return resumeValues.subList(0, Math.min(interruptCalls, resumeValues.size()));
    }
}
