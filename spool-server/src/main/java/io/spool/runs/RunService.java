package io.spool.runs;

import io.spool.graph.GraphStore;
import io.spool.assistants.Assistants;
import io.spool.auth.Ownership;
import io.spool.errors.ApiError;
import io.spool.graph.Checkpoint;
import io.spool.graph.SpoolGraph;
import io.spool.graphs.GraphRegistry;
import io.spool.ids.Ids;
import io.spool.metrics.QueueStats;
import io.spool.metrics.RunMetrics;
import io.spool.storage.Assistant;
import io.spool.storage.CancelAction;
import io.spool.storage.EventBus;
import io.spool.storage.EventId;
import io.spool.storage.StreamEvent;
import io.spool.json.Json;
import io.spool.storage.MultitaskStrategy;
import io.spool.storage.RunQueue;
import io.spool.storage.RunRecord;
import io.spool.storage.RunStatus;
import io.spool.storage.Storage;
import io.spool.storage.ThreadRecord;
import io.spool.storage.ThreadStatus;
import io.spool.threads.ThreadService;
import io.spool.webhooks.Webhooks;
import io.spool.wire.Views;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs: creating them (with the multitask strategies), cancelling, reading, and waiting for their end. */
public final class RunService implements AutoCloseable {

    private final Storage storage;
    private final ThreadService threads;
    private final Assistants assistants;
    private final GraphRegistry graphs;
    private final RunLifecycle lifecycle;
    private final RunScheduler scheduler;
    private final Webhooks webhooks;
    /** Outcomes of runs whose creator waits for them, until it is done: a rollback deletes the run meanwhile. */
    private final java.util.concurrent.ConcurrentHashMap<String, CompletableFuture<RunOutcome>> attachedOutcomes =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spool-temporary-threads");
        t.setDaemon(true);
        return t;
    });

    /** The {@code /wait} and {@code /join} answer for a run cancelled with action rollback. */
    static final Map<String, Object> ROLLED_BACK = Map.of("error", "RunRolledBack", "message",
            "The run was cancelled with action rollback: it and the checkpoints it wrote are deleted");
    /** The answer for a run cancelled with action interrupt (or before it started). */
    static final Map<String, Object> INTERRUPTED = Map.of("error", "RunInterrupted", "message",
            "The run was cancelled (action interrupt) before it finished; what it did until then is kept in the "
                    + "thread's state");

    /** How long a stateless run's temporary thread outlives the run. */
    static final long TEMPORARY_THREAD_GRACE_SECONDS = 60;

    /**
     * The store handle graphs get, for the identity a run acts for (null with auth off); null until
     * {@link #useStore} (then graphs that ask for one are refused).
     */
    private volatile java.util.function.Function<String, GraphStore> storeFor;

    /** Where runs' queue waits, durations and ends are counted; null until {@link #meter}. */
    private volatile RunMetrics metrics;

    public void meter(RunMetrics metrics) {
        this.metrics = metrics;
    }

    /** This process's run queue now, for {@code /metrics}. */
    public QueueStats queueStats() {
        return scheduler.stats(System.currentTimeMillis());
    }

    /** Gives every run from now on the store handle {@code storeFor} makes for the run's identity (null: none). */
    public void useStore(java.util.function.Function<String, GraphStore> storeFor) {
        this.storeFor = storeFor;
    }

    public RunService(Storage storage, EventBus logs, ThreadService threads, Assistants assistants,
                      GraphRegistry graphs, int maxConcurrentRuns, Webhooks webhooks) {
        this.storage = storage;
        this.webhooks = webhooks;
        this.threads = threads;
        this.assistants = assistants;
        this.graphs = graphs;
        this.scheduler = new RunScheduler(maxConcurrentRuns, storage.runQueue(), this::execute, this::adopt,
                this::endedElsewhere);
        this.lifecycle = new RunLifecycle(storage, logs, threads, scheduler::hasPending, webhooks);
        threads.bindRuns(this::cancelAllOf, id -> !storage.runQueue().inFlight(id).isEmpty());
        storage.runQueue().onGaveUp(this::gaveUp);
        if (storage.runQueue().reapsLostRuns()) { // shared: a run watched here may end where its signal is lost
            timer.scheduleWithFixedDelay(this::checkWatched, WATCH_POLL_SECONDS, WATCH_POLL_SECONDS,
                    TimeUnit.SECONDS);
        }
    }

    /** How often runs watched here (executing in other processes) are looked up, should their end signal be lost. */
    private static final long WATCH_POLL_SECONDS = 2;

    /**
     * The execution of a stored run in flight, for a run queued through another process: to execute when
     * {@code claimed} (a run whose graph is not served here then ends as an error), else to watch. Null when the run
     * has ended or is gone.
     */
    private RunExecution adopt(String runId, boolean claimed) {
        RunRecord run = storage.runs().get(runId).orElse(null);
        if (run == null || !run.inFlight()) return null;
        Assistant a = assistants.resolve(run.assistantId()).orElse(null);
        SpoolGraph g = a == null ? null : graphs.get(a.graphId()).orElse(null);
        if (g == null) {
            if (claimed) lifecycle.failUnservable(run);
            return null;
        }
        return new RunExecution(run, a, g, false, dueAt(run), storeOf(run));
    }

    /** Answers whoever waits here for a run that ended in another process, from what it stored. */
    private void endedElsewhere(RunExecution e) {
        RunRecord run = storage.runs().get(e.runId()).orElse(null); // none: rolled back
        Map<String, Object> error = run != null && run.status() == RunStatus.ERROR ? storedError(run) : null;
        e.outcome.complete(new RunOutcome(run, error,
                run == null ? null : storage.checkpoints().latest(run.threadId()).orElse(null)));
    }

    /** The error event a run wrote, read back from its thread's log. */
    private Map<String, Object> storedError(RunRecord run) {
        EventId cursor = run.streamStart() == null ? EventId.START : EventId.parseCursor(run.streamStart()).justBefore();
        for (int batches = 0; batches < 100; batches++) {
            List<StreamEvent> events = storage.events().readAfter(run.threadId(), cursor, 256);
            if (events.isEmpty()) break;
            for (StreamEvent ev : events) {
                if (ev.event().equals("error") && run.runId().equals(ev.runId())) {
                    return Json.map(ev.data());
                }
            }
            cursor = events.getLast().id();
        }
        return Map.of("error", "RunError", "message", "The run failed in another process");
    }

    /** Runs watched here whose end signal was lost: their stored status says they ended. */
    private void checkWatched() {
        try {
            for (RunExecution e : scheduler.watched()) {
                RunRecord run = storage.runs().get(e.runId()).orElse(null);
                if (run != null && run.inFlight()) continue;
                RunExecution gone = scheduler.forgetWatched(e.runId());
                if (gone != null) endedElsewhere(gone);
            }
        } catch (RuntimeException storageAway) {
            // the next round looks again
        }
    }

    /** The shared queue gave up on a run whose processes were lost: it ends here, as an error saying why. */
    private void gaveUp(String runId, String why) {
        RunRecord run = storage.runs().get(runId).orElse(null);
        if (run != null) lifecycle.failLost(run, why);
        storage.runQueue().finished(run == null ? "" : run.threadId(), runId);
        RunExecution watched = scheduler.forgetWatched(runId);
        if (watched != null) endedElsewhere(watched);
    }

    /**
     * Creates a run on {@code threadId}, or on a new temporary thread when it is null (stateless runs).
     * {@code attached}: the caller streams or waits for the run, and deletes a temporary thread itself.
     */
    public RunRecord create(String threadId, RunCreate req, boolean attached) {
        validate(req);
        Assistant assistant = assistants.resolve(req.assistantId()).orElseThrow(() -> ApiError.notFound(
                "Assistant " + req.assistantId() + " not found; graphs served here: " + assistants.graphIds()));
        SpoolGraph graph = graphs.get(assistant.graphId()).orElseThrow();
        if (req.input() != null && req.command() != null) {
            throw ApiError.invalid("Send either input or command, not both");
        }
        if (req.input() != null && !(req.input() instanceof Map)) {
            throw ApiError.invalid("Field 'input' must be an object (the graph's input state) or null");
        }
        requireNodes(graph, "interrupt_before", req.interruptBefore());
        requireNodes(graph, "interrupt_after", req.interruptAfter());
        boolean temporary = threadId == null;
        if (temporary && req.command() != null && req.command().containsKey("resume")) {
            throw ApiError.badRequest("You must provide a thread_id when resuming.");
        }
        String tid = temporary ? UUID.randomUUID().toString() : threadId;
        return storage.threadLocks().withThread(tid, () -> {
            ThreadRecord thread = threads.find(tid).orElse(null);
            if (thread == null) {
                if (!temporary && !"create".equals(req.ifNotExists())) throw ApiError.threadNotFound(tid);
                thread = threads.create(tid, Map.of(), "do_nothing", null);
            }
            Object forkFrom = req.checkpoint() == null ? null : req.checkpoint().get("checkpoint_id");
            Checkpoint fork = forkFrom == null ? null : threads.checkpoint(tid, forkFrom.toString());
            if (req.command() != null && req.command().containsKey("resume") && scheduler.inFlight(tid).isEmpty()) {
                Checkpoint startsFrom = fork != null ? fork : storage.checkpoints().latest(tid).orElse(null);
                if (startsFrom == null || startsFrom.next().isEmpty()) {
                    throw ApiError.badRequest("Cannot resume: thread " + tid + " is not paused on an interrupt");
                }
            }
            MultitaskStrategy strategy = req.multitaskStrategy() == null ? MultitaskStrategy.ENQUEUE
                    : req.multitaskStrategy();
            RunQueue.Admission admission = storage.runQueue().admit(tid, strategy);
            if (admission.rejected()) {
                throw ApiError.conflict("Thread is already running a task. Wait for it to finish or choose a "
                        + "different multitask strategy.");
            }
            for (String runId : admission.cancel()) {
                RunExecution e = scheduler.track(runId);
                if (e != null) cancel(e, admission.action());
            }
            RunRecord run = newRun(tid, assistant, req, strategy, temporary);
            storage.runs().insert(run);
            Map<String, Object> metadata = new LinkedHashMap<>(thread.metadata());
            metadata.put("graph_id", assistant.graphId());
            metadata.put("assistant_id", assistant.assistantId());
            ThreadRecord busy = thread.withMetadata(metadata, Instant.now())
                    .withStatus(ThreadStatus.BUSY, Instant.now())
                    .withConfig(Map.of("configurable", configurableOf(run)));
            storage.threads().update(busy);
            RunExecution execution = new RunExecution(run, assistant, graph, attached, dueAt(run), storeOf(run));
            if (attached) {
                attachedOutcomes.put(run.runId(), execution.outcome);
                execution.outcome.whenComplete((o, t) -> forgetLater(run.runId()));
            }
            scheduler.enqueue(execution);
            return run;
        });
    }

    /**
     * The checks of a run request that need no thread or assistant (its webhook may be called), so that a batch can
     * refuse a bad item before it creates any run; {@link #create} makes them too.
     */
    public void validate(RunCreate req) {
        requireWebhookAllowed(req.webhook());
    }

    /** 422 unless {@code url} (null: none) may be called as a run's webhook; crons check theirs with it. */
    public void requireWebhookAllowed(String url) {
        webhooks.requireAllowed(url);
    }

    public RunRecord get(String threadId, String runId) {
        RunRecord run = storage.runs().get(runId).orElse(null);
        if (run == null || (threadId != null && !run.threadId().equals(threadId))
                || threads.hiddenFromCaller(run.threadId())) { // another identity's thread: its runs do not exist
            throw ApiError.notFound("Run " + runId + " not found");
        }
        return run;
    }

    public List<RunRecord> list(String threadId, int limit, int offset, RunStatus status) {
        threads.require(threadId);
        return storage.runs().listByThread(threadId, limit, offset, status);
    }

    /** 422 unless every name is {@code "*"} or a node of the graph: found at creation, not when the run starts. */
    private static void requireNodes(SpoolGraph graph, String field, List<String> names) {
        if (names == null || names.equals(List.of("*"))) return;
        List<String> nodes = graph.shape().nodes().stream()
                .filter(n -> !n.equals("__start__") && !n.equals("__end__")).toList();
        if (nodes.isEmpty()) return; // a runtime that does not describe its nodes checks them itself
        List<String> unknown = names.stream().filter(n -> !nodes.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw ApiError.invalid("Field '" + field + "' names nodes the graph does not have: " + unknown
                    + "; its nodes are " + nodes + " (or \"*\" for all)");
        }
    }

    /** Cancels a pending or running run; {@code action} is {@code interrupt} or {@code rollback}. */
    public CompletableFuture<RunOutcome> cancel(String threadId, String runId, CancelAction action) {
        RunRecord run = get(threadId, runId);
        RunExecution e = run.inFlight() ? scheduler.track(runId) : null;
        if (e == null) {
            throw ApiError.conflict("Run " + runId + " is " + run.status() + "; only pending or running runs can be "
                    + "cancelled");
        }
        cancel(e, action);
        return e.outcome;
    }

    /**
     * Cancels many runs at once: the listed runs of one thread, or every run in flight with a status (one of
     * {@code statuses}) on the threads the caller may see, of one thread when {@code threadId} is given. Every
     * listed run is looked up before any is cancelled, so an unknown one (404) cancels none; listed runs that have
     * already ended are skipped, as a bulk cancel races with runs ending on their own.
     */
    public void cancelMany(String threadId, List<String> runIds, List<RunStatus> statuses, CancelAction action) {
        List<RunRecord> targets = new ArrayList<>();
        if (runIds != null) {
            threads.require(threadId);
            for (String runId : runIds) targets.add(get(threadId, runId));
        } else {
            if (threadId != null) threads.require(threadId);
            for (RunRecord run : storage.runs().listByStatus(statuses)) {
                if (threadId != null && !run.threadId().equals(threadId)) continue;
                if (threads.hiddenFromCaller(run.threadId())) continue;
                targets.add(run);
            }
        }
        for (RunRecord run : targets) {
            RunExecution e = run.inFlight() ? scheduler.track(run.runId()) : null;
            if (e != null) cancel(e, action); // null: ended meanwhile
        }
    }

    /** Deletes a finished run; an active one must be cancelled first. */
    public void delete(String threadId, String runId) {
        RunRecord run = get(threadId, runId);
        if (run.inFlight()) throw ApiError.conflict("Run " + runId + " is " + run.status() + "; cancel it first");
        storage.runs().delete(runId);
    }

    /** A creator that never says it is done (an MCP call, say) does not keep the outcome forever. */
    private void forgetLater(String runId) {
        try {
            timer.schedule(() -> attachedOutcomes.remove(runId), TEMPORARY_THREAD_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            attachedOutcomes.remove(runId);
        }
    }

    /** The caller that created a run attached ({@code /wait}, {@code /stream}) is done with it. */
    public void release(String runId) {
        attachedOutcomes.remove(runId);
    }

    /** Completes when the run has ended and its end is durable. */
    public CompletableFuture<RunOutcome> outcome(String threadId, String runId) {
        CompletableFuture<RunOutcome> attachedTo = attachedOutcomes.get(runId); // even once rolled back (deleted)
        if (attachedTo != null) return attachedTo;
        RunExecution e = scheduler.find(runId); // a run in flight needs no read (runs/wait asks right after creating)
        if (e != null && (threadId == null || e.threadId().equals(threadId))) return e.outcome;
        RunRecord run = get(threadId, runId);
        e = run.inFlight() ? scheduler.track(runId) : null; // in flight in another process: watched from here
        if (e != null) return e.outcome;
        return CompletableFuture.completedFuture(new RunOutcome(storage.runs().get(runId).orElse(run), null,
                storage.checkpoints().latest(run.threadId()).orElse(null)));
    }

    /**
     * The body of {@code /wait} and {@code /join}: the thread's values after the run, {@code __interrupt__} when it
     * paused on an interrupt, or {@code __error__} when it failed.
     */
    public Map<String, Object> result(RunOutcome outcome) {
        if (outcome.error() != null) return Map.of("__error__", outcome.error());
        if (outcome.run() == null) return Map.of("__error__", ROLLED_BACK);
        if (outcome.run().status() == RunStatus.INTERRUPTED) return Map.of("__error__", INTERRUPTED);
        Checkpoint latest = outcome.stateAfter();
        if (latest == null) return Map.of();
        // a paused run answers with what it waits for, as the reference servers do (the values are in the state)
        if (!latest.interrupts().isEmpty()) {
            return Map.of("__interrupt__", latest.interrupts().stream().map(Views::interrupt).toList());
        }
        return latest.values();
    }

    /**
     * Deletes a temporary thread a while after its run ended, so a client cut off from the run's stream can still
     * reconnect and replay it. (A restart in between keeps the thread.)
     */
    public void deleteTemporaryLater(RunRecord run) {
        timer.schedule(() -> deleteIfTemporary(run), TEMPORARY_THREAD_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    /** Deletes a temporary thread now. */
    public void deleteIfTemporary(RunRecord run) {
        if (Boolean.TRUE.equals(run.kwargs().get("temporary"))
                && !"keep".equals(run.kwargs().get("on_completion"))) {
            try {
                threads.find(run.threadId()).ifPresent(t -> threads.delete(t.threadId()));
            } catch (ApiError alreadyGone) {
                // deleted by someone else meanwhile
            }
        }
    }

    /**
     * Re-queues stored pending runs (at the time their {@code after_seconds} asked for) and closes runs a crash left
     * running; the thread of a re-queued run is busy again, whatever the closed run left it. Call once at start-up.
     */
    public void recover() {
        if (!storage.runQueue().reapsLostRuns()) { // a shared queue's runs may be running in a live process
            lifecycle.failInterrupted(storage.runs().listByStatus(List.of(RunStatus.RUNNING)));
        }
        for (RunRecord run : storage.runs().listByStatus(List.of(RunStatus.PENDING))) {
            Assistant a = assistants.resolve(run.assistantId()).orElse(null);
            SpoolGraph g = a == null ? null : graphs.get(a.graphId()).orElse(null);
            if (g == null) {
                lifecycle.failUnservable(run);
                continue;
            }
            storage.threadLocks().withThread(run.threadId(), () -> {
                threads.find(run.threadId()).ifPresent(t -> storage.threads().update(
                        t.withStatus(ThreadStatus.BUSY, Instant.now())));
                return null;
            });
            scheduler.enqueue(new RunExecution(run, a, g, false, dueAt(run), storeOf(run)));
        }
    }

    /** The run's store handle: in the scope of the identity it was created by (recorded in its config). */
    private GraphStore storeOf(RunRecord run) {
        java.util.function.Function<String, GraphStore> f = storeFor;
        if (f == null) return null;
        Object who = configurableOf(run).get("langgraph_auth_user_id");
        return f.apply(who instanceof String s ? s : null);
    }

    /** When a run may start: its creation plus the {@code after_seconds} it was created with. */
    private static long dueAt(RunRecord run) {
        Object after = run.kwargs().get("after_seconds");
        long delayMs = after instanceof Number n ? (long) (n.doubleValue() * 1000) : 0;
        return run.createdAt().toEpochMilli() + delayMs;
    }

    private void cancel(RunExecution e, CancelAction action) {
        if (writtenElsewhere(e)) {
            // another process executes a run of this thread and so writes its log: this run's end must not be
            // written beside it. It stays queued with the cancel; whoever claims it next ends it at once.
            scheduler.cancel(e, action);
            return;
        }
        if (scheduler.removePending(e)) {
            e.cancel(action); // not started: only records the action, so a rollback deletes the run
            lifecycle.cancelPending(e);
        } else {
            scheduler.cancel(e, action);
        }
    }

    /** Whether (with a shared queue) a run of e's thread, other than e, executes in another process now. */
    private boolean writtenElsewhere(RunExecution e) {
        if (!storage.runQueue().reapsLostRuns()) return false;
        List<String> inFlight = storage.runQueue().inFlight(e.threadId());
        if (inFlight.isEmpty() || inFlight.getFirst().equals(e.runId())) return false;
        String first = inFlight.getFirst();
        if (scheduler.runningHere(first)) return false;
        return storage.runs().get(first).map(r -> r.status() == RunStatus.RUNNING).orElse(false);
    }

    private void cancelAllOf(String threadId) {
        List<RunExecution> inFlight = scheduler.inFlight(threadId);
        inFlight.forEach(e -> cancel(e, CancelAction.INTERRUPT));
        inFlight.forEach(e -> e.outcome.join());
    }

    private void execute(RunExecution e) {
        try {
            RunTracing.traced(e, metrics, () -> lifecycle.execute(e));
        } finally {
            scheduler.finished(e);
            if (!e.attached) deleteTemporaryLater(e.run);
        }
    }

    private RunRecord newRun(String threadId, Assistant assistant, RunCreate req, MultitaskStrategy strategy,
                           boolean temporary) {
        String runId = Ids.uuid7();
        Map<String, Object> configurable = new LinkedHashMap<>();
        configurable.putAll(mapOrEmpty(assistant.config().get("configurable")));
        configurable.putAll(assistant.context());
        configurable.putAll(mapOrEmpty(req.config() == null ? null : req.config().get("configurable")));
        if (req.context() != null) configurable.putAll(req.context());
        configurable.put("thread_id", threadId);
        configurable.put("run_id", runId);
        configurable.put("assistant_id", assistant.assistantId());
        configurable.put("graph_id", assistant.graphId());
        Ownership.caller().ifPresent(who -> { // as the official server: graphs can see who asked
            Map<String, Object> user = new LinkedHashMap<>(who.claims());
            user.put("identity", who.id());
            user.put("permissions", List.copyOf(who.permissions()));
            configurable.put("langgraph_auth_user", user);
            configurable.put("langgraph_auth_user_id", who.id());
            configurable.put("langgraph_auth_permissions", List.copyOf(who.permissions()));
        });
        Map<String, Object> config = new LinkedHashMap<>(assistant.config());
        if (req.config() != null) config.putAll(req.config());
        config.put("configurable", configurable);

        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("input", req.input());
        kwargs.put("command", req.command());
        kwargs.put("config", config);
        kwargs.put("context", req.context() == null ? Map.of() : req.context());
        kwargs.put("stream_mode", req.streamModes() == null ? RunCreate.DEFAULT_STREAM_MODES : req.streamModes());
        kwargs.put("interrupt_before", req.interruptBefore());
        kwargs.put("interrupt_after", req.interruptAfter());
        kwargs.put("subgraphs", req.streamSubgraphs());
        kwargs.put("resumable", true);
        kwargs.put("webhook", req.webhook());
        kwargs.put("temporary", temporary);
        kwargs.put("on_completion", req.onCompletion() == null ? "delete" : req.onCompletion());
        if (req.afterSeconds() > 0) kwargs.put("after_seconds", req.afterSeconds()); // stored: a restart keeps it
        if (req.checkpoint() != null) kwargs.put("checkpoint", req.checkpoint());
        Instant now = Instant.now();
        Map<String, Object> metadata = req.metadata() == null ? Map.of() : req.metadata();
        return new RunRecord(runId, threadId, assistant.assistantId(), now, now, RunStatus.PENDING, metadata, kwargs,
                strategy,
                1, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> configurableOf(RunRecord run) {
        Map<String, Object> config = (Map<String, Object>) run.kwargs().get("config");
        return mapOrEmpty(config.get("configurable"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> mapOrEmpty(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Stops starting runs and cancels the running ones; their end markers are written before this returns. */
    @Override
    public void close() {
        close(java.time.Duration.ZERO);
    }

    /**
     * Stops starting runs, lets the running ones finish for up to {@code grace}, then hands the rest back to the
     * queue (stored as pending, attempt + 1: they run again after a restart); whoever waits for one is answered.
     */
    public void close(java.time.Duration grace) {
        timer.shutdownNow();
        scheduler.close();
        long deadline = System.nanoTime() + grace.toNanos();
        List<RunExecution> running = scheduler.runningNow();
        for (RunExecution e : running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            try {
                e.outcome.get(left, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException stillRunning) {
                // handed back below
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running = scheduler.runningNow();
        if (grace.isZero()) running.forEach(e -> e.cancel(CancelAction.INTERRUPT));
        else running.forEach(RunExecution::handBack);
        running.forEach(e -> {
            try {
                e.outcome.join();
            } catch (RuntimeException ended) {
                // its end is logged where it happened
            }
        });
        if (!grace.isZero()) {
            for (RunExecution e : scheduler.pendingNow()) { // stored as pending: they start after a restart
                e.outcome.complete(new RunOutcome(e.run, RunLifecycle.shutdownError(e.run.attempt(),
                        "The server stopped before the run started"), null));
            }
        }
        lifecycle.close();
    }
}
