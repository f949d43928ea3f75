package io.spool.runs;

import io.opentelemetry.context.Context;
import io.spool.graph.Checkpointer;
import io.spool.graph.GraphRun;
import io.spool.graph.GraphStore;
import io.spool.graph.SpoolGraph;
import io.spool.graph.StreamWriter;
import io.spool.storage.Assistant;
import io.spool.storage.CancelAction;
import io.spool.storage.RunRecord;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One run from the moment it is queued until it ends: what the graph sees, plus the run's cancel switch. */
final class RunExecution implements GraphRun {

    final RunRecord run;
    final Assistant assistant;
    final SpoolGraph graph;
    /** Set at creation for runs of {@code /runs/stream} and {@code /runs/wait}: whoever waits deletes a temp thread. */
    final boolean attached;
    final long notBeforeMillis;
    final CompletableFuture<RunOutcome> outcome = new CompletableFuture<>();
    /** The trace context of the request that created the run, for its span (root when untraced or recovered). */
    final Context createdIn = RunTracing.creationContext();

    /** When the run started executing; null until then. */
    volatile java.time.Instant startedAt;

    private final GraphStore store;
    private StreamWriter writer;
    private Checkpointer checkpointer;
    private volatile CancelAction cancelAction;
    private volatile Thread worker;
    private volatile boolean handedBack;

    RunExecution(RunRecord run, Assistant assistant, SpoolGraph graph, boolean attached, long notBeforeMillis,
                 GraphStore store) {
        this.store = store;
        this.run = run;
        this.assistant = assistant;
        this.graph = graph;
        this.attached = attached;
        this.notBeforeMillis = notBeforeMillis;
    }

    void bind(StreamWriter writer, Checkpointer checkpointer) {
        this.writer = writer;
        this.checkpointer = checkpointer;
    }

    /** Asks the run to stop; {@code action} is {@code interrupt} (keep its progress) or {@code rollback}. */
    void cancel(CancelAction action) {
        if (cancelAction == null || action == CancelAction.ROLLBACK) cancelAction = action;
        Thread w = worker;
        if (w != null) w.interrupt();
    }

    /** Stops the run because the server is stopping: it goes back to the queue for its next attempt. */
    void handBack() {
        handedBack = true;
        cancel(CancelAction.INTERRUPT);
    }

    boolean handedBack() {
        return handedBack;
    }

    CancelAction cancelAction() {
        return cancelAction;
    }

    void startedOn(Thread t) {
        worker = t;
        if (cancelAction != null) t.interrupt();
    }

    void stopped() {
        worker = null;
        Thread.interrupted(); // a late cancel must not leak into the worker's next job
    }

    @Override
    public String threadId() {
        return run.threadId();
    }

    @Override
    public String runId() {
        return run.runId();
    }

    @Override
    public Object input() {
        return run.kwargs().get("input");
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> command() {
        return (Map<String, Object>) run.kwargs().get("command");
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> config() {
        Object c = run.kwargs().get("config");
        return c instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @Override
    public List<String> interruptBefore() {
        return stringList("interrupt_before");
    }

    @Override
    public List<String> interruptAfter() {
        return stringList("interrupt_after");
    }

    @Override
    public boolean streamSubgraphs() {
        return Boolean.TRUE.equals(run.kwargs().get("subgraphs"));
    }

    List<String> streamModes() {
        return stringList("stream_mode");
    }

    @Override
    public StreamWriter writer() {
        return writer;
    }

    @Override
    public Checkpointer checkpointer() {
        return checkpointer;
    }

    @Override
    public GraphStore store() {
        if (store == null) return GraphRun.super.store();
        return store;
    }

    @Override
    public boolean isCancelled() {
        return cancelAction != null;
    }

    @SuppressWarnings("unchecked")
    private List<String> stringList(String key) {
        Object v = run.kwargs().get(key);
        return v instanceof List<?> l ? (List<String>) l : List.of();
    }
}
