package io.spool.langgraph4j;

import java.util.UUID;

/**
 * Thrown by {@link SpoolInterrupt#interrupt} to pause the graph; the adapter catches it and saves the pause.
 *
 * <p>Not an error: a node that catches broad exceptions around a call to {@code interrupt} must rethrow this one.
 */
public final class GraphInterrupt extends RuntimeException {

    /** The pending interrupt's id, as clients see it (LangGraph's format: 32 hex digits). */
    final String id = newId();
    private final transient Object value;
    /** The node execution that paused; set by the adapter, which alone throws this exception. */
    final transient NodeTask task;

    GraphInterrupt(NodeTask task, Object value) {
        // no stack trace: this is control flow, and LangGraph4j logs every exception a node ends with
        super("graph paused by interrupt() in node '" + task.node + "' (not an error)", null, false, false);
        this.task = task;
        this.value = value;
    }

    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The node that paused. */
    public String node() {
        return task.node;
    }

    /** What the node passed to {@code interrupt}. */
    public Object value() {
        return value;
    }
}
