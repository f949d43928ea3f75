package io.spool.langgraph4j;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.util.concurrent.CompletionException;

/**
 * A span per node execution (a LangGraph task), child of the run's span, or for a subgraph's node of the task that
 * runs the subgraph. LangGraph4j may call nodes on threads of its own, so the parent comes from the run's context,
 * not from the calling thread. No-op (and no allocation worth naming) while the server has no tracing set up.
 */
final class NodeSpans {

    private static final String SCOPE = "io.spool.langgraph4j";

    private NodeSpans() {
    }

    static Span start(RunContext run, NodeTask task) {
        Context parent = task.parent != null && task.parent.span.getSpanContext().isValid()
                ? run.traceContext.with(task.parent.span) : run.traceContext;
        if (!Span.fromContext(parent).getSpanContext().isValid()) return Span.getInvalid(); // the run is untraced
        Span span = GlobalOpenTelemetry.getOrNoop().getTracer(SCOPE).spanBuilder("node " + task.node)
                .setParent(parent)
                .setAttribute("spool.node", task.node)
                .setAttribute("spool.task_id", task.id)
                .setAttribute("spool.step", (long) task.step)
                .startSpan();
        task.span = span;
        return span;
    }

    static void end(Span span, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            // an interrupt pauses the run: not an error of the node
            if (!(cause instanceof GraphInterrupt)) {
                span.recordException(cause);
                span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
            }
        }
        span.end();
    }
}
