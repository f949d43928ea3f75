package io.spool.runs;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.spool.metrics.RunMetrics;
import io.spool.telemetry.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A span per run, from claim to end: a child of the request that created the run when that request was in this
 * process (so {@code /runs/wait} shows the run inside the request), a trace of its own otherwise. The graph's node and
 * model spans nest inside it. Also the one log line a run writes when it ends, with its trace id, and its metrics
 * (queue wait, duration, final status).
 */
final class RunTracing {

    private static final Logger LOG = LoggerFactory.getLogger("io.spool.runs");

    private RunTracing() {
    }

    /** The context a run is created in; {@link Context#root()} when tracing is off (nothing to keep). */
    static Context creationContext() {
        return Tracing.enabled() ? Context.current() : Context.root();
    }

    /** Runs {@code body} (the run's execution) traced, logged and, when {@code metrics} is given, metered. */
    static void traced(RunExecution e, RunMetrics metrics, Runnable body) {
        if (metrics == null) {
            traced(e, body);
            return;
        }
        long start = System.nanoTime();
        long due = Math.max(e.run.createdAt().toEpochMilli(), e.notBeforeMillis);
        metrics.started(e.run.attempt(), System.currentTimeMillis() - due);
        try {
            traced(e, body);
        } finally {
            metrics.ended(e.assistant.graphId(), ending(e).replace(' ', '_'), System.nanoTime() - start);
        }
    }

    private static void traced(RunExecution e, Runnable body) {
        if (!Tracing.enabled()) {
            body.run();
            logEnd(e);
            return;
        }
        Span span = Tracing.tracer().spanBuilder("run " + e.assistant.graphId()).setParent(e.createdIn)
                .setAttribute("spool.thread_id", e.run.threadId())
                .setAttribute("spool.run_id", e.run.runId())
                .setAttribute("spool.assistant_id", e.run.assistantId())
                .setAttribute("spool.graph_id", e.assistant.graphId())
                .setAttribute("spool.run.attempt", (long) e.run.attempt())
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Tracing.logContext(span);
            body.run();
            span.setAttribute("spool.run.status", ending(e));
            RunOutcome outcome = e.outcome.getNow(null);
            if (outcome != null && outcome.error() != null) {
                span.setStatus(StatusCode.ERROR, String.valueOf(outcome.error().get("message")));
            }
            logEnd(e);
        } catch (RuntimeException | Error t) {
            span.recordException(t);
            span.setStatus(StatusCode.ERROR);
            throw t;
        } finally {
            span.end();
            Tracing.clearLogContext();
        }
    }

    private static void logEnd(RunExecution e) {
        if (!LOG.isInfoEnabled()) return;
        LOG.info("run {} on thread {} ({}) ended: {}", e.run.runId(), e.run.threadId(), e.assistant.graphId(),
                ending(e));
    }

    /** The run's final status, {@code rolled back} when it was deleted. */
    private static String ending(RunExecution e) {
        RunOutcome outcome = e.outcome.getNow(null);
        if (outcome == null) return "unknown";
        return outcome.run() == null ? "rolled back" : outcome.run().status().wire();
    }
}
