package io.spool.langgraph4j;

import io.opentelemetry.api.trace.Span;
import io.spool.graph.StreamWriter;
import io.spool.graph.TaskIds;
import org.bsc.langgraph4j.RunnableConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One execution of one node (a LangGraph "task"), handed to the node through its {@link RunnableConfig}. A node of a
 * subgraph runs inside the task of the parent graph's node that runs the subgraph, its {@link #parent}.
 */
final class NodeTask {

    private static final String CONFIG_KEY = "spool.task";

    final String id;
    final String node;
    /** The super-step this execution produces in its own graph, as LangGraph numbers it ({@code langgraph_step}). */
    final int step;
    /** The state the node was given. */
    final Map<String, Object> input;
    /** The task running the subgraph this node belongs to; null for a node of the root graph. */
    final NodeTask parent;
    /** Where this task's events go: the run's writer, or for a subgraph node its namespaced writer. */
    final StreamWriter writer;
    /** Answers to this node's interrupts, in call order, when the node runs again on resume. */
    private final List<Object> resumeValues;
    /** This execution's span (invalid when untraced); the parent of the spans of a subgraph's nodes. */
    Span span = Span.getInvalid();
    private int interruptCalls;

    /**
     * {@code afterCheckpoint}: the checkpoint of the node's own graph this execution follows, which fixes the task's
     * id; null on none.
     */
    NodeTask(String node, int step, Map<String, Object> input, List<Object> resumeValues, String afterCheckpoint,
             NodeTask parent, StreamWriter writer) {
        this.id = afterCheckpoint == null ? UUID.randomUUID().toString() : TaskIds.of(afterCheckpoint, node);
        this.node = node;
        this.step = step;
        this.input = input;
        this.parent = parent;
        this.writer = writer;
        // answers may be JSON null, which List.copyOf refuses
        this.resumeValues = Collections.unmodifiableList(new ArrayList<>(resumeValues));
    }

    static Optional<NodeTask> find(RunnableConfig config) {
        return config.metadata(CONFIG_KEY).filter(NodeTask.class::isInstance).map(NodeTask.class::cast);
    }

    RunnableConfig attachTo(RunnableConfig config) {
        return RunnableConfig.builder(config).putMetadata(CONFIG_KEY, this).build();
    }

    /** The node names from the root graph's task down to this one. */
    static List<String> pathOf(NodeTask parent, String node) {
        List<String> path = parent == null ? new ArrayList<>() : new ArrayList<>(parent.path());
        path.add(node);
        return path;
    }

    List<String> path() {
        return pathOf(parent, node);
    }

    /** The subgraph this task runs in, one {@code <node>:<task id>} per enclosing task, outermost first. */
    List<String> namespace() {
        return parent == null ? List.of() : parent.innerNamespace();
    }

    /** The namespace of a subgraph this task runs: its own namespace and {@code <node>:<id>}. */
    List<String> innerNamespace() {
        List<String> namespace = new ArrayList<>(namespace());
        namespace.add(node + ":" + id);
        return namespace;
    }

    /** The task of the root graph this task runs under (itself at the root). */
    NodeTask root() {
        return parent == null ? this : parent.root();
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
