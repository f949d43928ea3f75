package io.spool.langgraph4j;

import org.bsc.langgraph4j.RunnableConfig;

/**
 * LangGraph's {@code interrupt(value)} for LangGraph4j nodes served by Spool.
 *
 * <pre>{@code
 * Object answer = SpoolInterrupt.interrupt(config, Map.of("question", "approve?"));
 * }</pre>
 *
 * <p>The first time, the call throws {@link GraphInterrupt}: the run stops and the thread waits with the node as
 * {@code next} and the value as a pending interrupt. A run with {@code command: {resume: X}} then runs the node again
 * from its start, and this time the call returns {@code X}. A node may interrupt several times: on each re-run the
 * calls already answered return their answers in order and the first unanswered one pauses again. So the code before
 * an interrupt runs again on resume and should be free of side effects (or idempotent), as in LangGraph.
 */
public final class SpoolInterrupt {

    private SpoolInterrupt() {
    }

    /**
     * Pauses the graph with {@code value} (any JSON value as plain Java objects), or returns the resume value once
     * the client has answered.
     *
     * @throws GraphInterrupt        to pause; let it propagate out of the node
     * @throws IllegalStateException when not called from a node run by Spool
     */
    public static Object interrupt(RunnableConfig config, Object value) {
        return NodeTask.find(config)
                .orElseThrow(() -> new IllegalStateException("interrupt() must be called from a node run by Spool"))
                .interrupt(value);
    }
}
