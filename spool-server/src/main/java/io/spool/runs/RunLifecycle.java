package io.spool.runs;

import io.spool.graph.Checkpoint;
import io.spool.json.Json;
import io.spool.storage.CancelAction;
import io.spool.storage.EventBus;
import io.spool.storage.RunRecord;
import io.spool.storage.RunStatus;
import io.spool.storage.Storage;
import io.spool.storage.StorageUnavailableException;
import io.spool.storage.StreamEvent;
import io.spool.storage.ThreadRecord;
import io.spool.storage.ThreadStatus;
import io.spool.threads.ThreadService;
import io.spool.webhooks.Webhooks;
import io.spool.wire.Views;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a run between start and end: the start marker, the graph, the error event, the final statuses and
 * the end marker. The end marker is written durably and last, so a client that sees a run end can rely on its
 * events, status and state being stored.
 */
final class RunLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RunLifecycle.class);

    private final Storage storage;
    private final EventBus logs;
    private final ThreadService threads;
    private final Predicate<String> hasPendingRuns;
    private final Webhooks webhooks;
    private volatile boolean closing;
    private static final long RETRY_LOG_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    /** {@code hasPendingRuns}: whether a thread has runs waiting, asked under the thread's lock. */
    RunLifecycle(Storage storage, EventBus logs, ThreadService threads, Predicate<String> hasPendingRuns,
                 Webhooks webhooks) {
        this.storage = storage;
        this.webhooks = webhooks;
        this.logs = logs;
        this.threads = threads;
        this.hasPendingRuns = hasPendingRuns;
    }

    void execute(RunExecution e) {
        e.startedOn(Thread.currentThread());
        RunRecord run = e.run;
        RunStatus status;
        Map<String, Object> error = null;
        try {
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("run_id", e.run.runId());
            start.put("attempt", e.run.attempt());
            StreamEvent first = logs.append(e.run.threadId(), e.run.runId(), "metadata", Json.bytes(start));
            e.startedAt = Instant.now();
            run = e.run.withStatus(RunStatus.RUNNING, e.startedAt).withStreamStart(first.id().toString());
            storage.runs().update(run);
            RunStreamWriter writer = new RunStreamWriter(logs, run.threadId(), run.runId(),
                    new LinkedHashSet<>(e.streamModes()), runMetadata(run, e), tags(e.config()));
            RunCheckpointer checkpointer =
                    new RunCheckpointer(storage.checkpoints(), run.threadId(), checkpointMetadata(run, e), writer);
            e.bind(writer, checkpointer);
            writer.runStarted(e.input() != null ? e.input() : e.command(),
                    checkpointer.latest().map(RunCheckpointer::stepOf).orElse(-1));
            String forkFrom = forkPoint(run);
            if (forkFrom != null) checkpointer.forkFrom(forkFrom);
            if (!e.isCancelled()) e.graph.run(e);
            status = e.isCancelled() ? RunStatus.INTERRUPTED : RunStatus.SUCCESS;
            if (status == RunStatus.SUCCESS) {
                writer.runSucceeded(checkpointer.latest().map(Checkpoint::values).orElse(null));
            }
        } catch (Throwable t) {
            StorageUnavailableException outage = outage(t);
            if (e.isCancelled() && outage == null) {
                status = RunStatus.INTERRUPTED;
            } else {
                status = RunStatus.ERROR;
                error = outage != null ? storageError(outage) : errorOf(t);
                LOG.info("run {} on thread {} failed: {}", run.runId(), run.threadId(),
                        outage != null ? outage.getMessage() : t.toString());
            }
        } finally {
            e.stopped();
        }
        if (e.handedBack() && status != RunStatus.SUCCESS) {
            handBack(e, run);
            return;
        }
        finish(e, run, status, error);
    }

    /**
     * The server is stopping before the run ended: the run is stored as pending for its next attempt (it runs
     * again after a restart), its thread stays busy, and whoever waits for it is told so.
     */
    private void handBack(RunExecution e, RunRecord run) {
        RunRecord again = run.requeued(Instant.now());
        try {
            storage.runs().update(again);
        } catch (RuntimeException failed) {
            LOG.warn("run {} could not be handed back ({}); it is recovered at the next start", run.runId(),
                    failed.toString());
        }
        LOG.info("run {} on thread {} is handed back to the queue (attempt {} after a restart)", run.runId(),
                run.threadId(), again.attempt());
        e.outcome.complete(new RunOutcome(again, shutdownError(again.attempt(),
                "The server stopped before the run finished"), null));
    }

    /** What {@code /wait} and {@code /join} answer for a run the stopping server leaves to its next start. */
    static Map<String, Object> shutdownError(int attempt, String what) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", "ServerShutdown");
        error.put("message", what + "; it runs (attempt " + attempt + ") when the server is back. Join the run "
                + "or its thread's stream then to follow it.");
        return error;
    }

    /** A run cancelled before it started: it never wrote anything, so only its status changes. */
    void cancelPending(RunExecution e) {
        finish(e, e.run, RunStatus.INTERRUPTED, null);
    }

    /** Runs found {@code running} at start-up lost their process: close them as errors, with their end marker. */
    void failInterrupted(List<RunRecord> runs) {
        for (RunRecord run : runs) {
            Map<String, Object> error = Map.of("error", "ServerRestartError", "message",
                    "The server stopped while this run was executing (attempt " + run.attempt() + "); its output up "
                            + "to then is kept. Create a new run to continue.");
            LOG.warn("run {} on thread {} was running when the server stopped; marking it as error", run.runId(),
                    run.threadId());
            logs.append(run.threadId(), run.runId(), "error", Json.bytes(error));
            RunOutcome outcome = closeRun(run, RunStatus.ERROR, false, null);
            logs.appendDurable(run.threadId(), run.runId(), "metadata", runDone(run), true);
            callWebhook(outcome.run(), RunStatus.ERROR, run.updatedAt(), outcome, error);
        }
    }

    /** A stored pending run whose graph is no longer served. */
    void failUnservable(RunRecord run) {
        LOG.warn("run {} on thread {} needs assistant {}, which this server does not serve; marking it as error",
                run.runId(), run.threadId(), run.assistantId());
        RunOutcome outcome = closeRun(run, RunStatus.ERROR, false, null);
        callWebhook(outcome.run(), RunStatus.ERROR, null, outcome, Map.of("error", "GraphNotServed", "message",
                "This server does not serve assistant " + run.assistantId()));
    }

    /**
     * Records the run's end: its error event, its status and the thread's, then its end marker. Each step is retried
     * until it is stored (storage may be failing, which is often why the run ended), so a run never stays
     * {@code running} and its thread never stays {@code busy}; only closing the server gives up.
     */
    private void finish(RunExecution e, RunRecord run, RunStatus status, Map<String, Object> error) {
        boolean rollback = e.cancelAction() == CancelAction.ROLLBACK;
        try {
            if (error != null) {
                byte[] data = Json.bytes(error);
                untilStored(run, () -> logs.append(run.threadId(), run.runId(), "error", data));
            }
            RunOutcome outcome = untilStored(run, () -> closeRun(run, status, rollback, error));
            untilStored(run, () -> logs.appendDurable(run.threadId(), run.runId(), "metadata", runDone(run), true));
            e.outcome.complete(outcome);
            // a rolled-back run is deleted; its webhook still says that it ended
            callWebhook(outcome.run() != null ? outcome.run() : run.withStatus(status, Instant.now()), status,
                    e.startedAt, outcome, error);
        } catch (RuntimeException gaveUp) {
            e.outcome.completeExceptionally(gaveUp);
            throw gaveUp;
        }
    }

    /** Hands the run's end to its webhook, if it has one; nothing there can delay or fail the run. */
    private void callWebhook(RunRecord ended, RunStatus status, Instant startedAt, RunOutcome outcome,
                             Map<String, Object> error) {
        try {
            Checkpoint after = outcome.stateAfter();
            webhooks.runEnded(ended, status, startedAt, ended.updatedAt(), after == null ? null : after.values(),
                    error);
        } catch (RuntimeException e) {
            LOG.warn("webhook of run {} not sent: {}", ended.runId(), e.toString());
        }
    }

    /** Stops the retries of {@link #finish}: the server is closing (what is not stored is recovered at start). */
    void close() {
        closing = true;
    }

    private <T> T untilStored(RunRecord run, java.util.function.Supplier<T> step) {
        long pause = 100;
        long loggedAt = 0;
        while (true) {
            try {
                return step.get();
            } catch (RuntimeException failed) {
                if (closing) throw failed;
                if (loggedAt == 0 || System.nanoTime() - loggedAt > RETRY_LOG_NANOS) {
                    loggedAt = System.nanoTime() | 1;
                    StorageUnavailableException outage = outage(failed);
                    LOG.warn("cannot record the end of run {} on thread {} yet, retrying: {}", run.runId(),
                            run.threadId(), outage != null ? outage.getMessage() : failed.toString());
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException lateCancel) {
                    // a cancel that came after the end: the end must still be recorded, so keep retrying
                }
                pause = Math.min(pause * 2, 2000);
            }
        }
    }

    private static StorageUnavailableException outage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StorageUnavailableException s) return s;
        }
        return null;
    }

    /** The error event of a run that storage stopped: what happened, in the operator's terms. */
    private static Map<String, Object> storageError(StorageUnavailableException outage) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", "StorageError");
        m.put("message", "The run was stopped because its output could not be stored: " + outage.getMessage()
                + ". What it streamed before is kept; create a new run once storage is back.");
        return m;
    }

    /** Stores the run's end and the thread's status and values after it. */
    private RunOutcome closeRun(RunRecord run, RunStatus status, boolean rollback, Map<String, Object> error) {
        return storage.threadLocks().withThread(run.threadId(), () -> {
            Instant now = Instant.now();
            RunRecord ended = null;
            if (rollback) {
                storage.checkpoints().deleteByRun(run.threadId(), run.runId());
                storage.runs().delete(run.runId());
            } else {
                ended = run.withStatus(status, now);
                storage.runs().update(ended);
            }
            ThreadRecord thread = threads.find(run.threadId()).orElse(null);
            Checkpoint latest = thread == null ? null : storage.checkpoints().latest(run.threadId()).orElse(null);
            if (thread != null) {
                ThreadStatus threadStatus = hasPendingRuns.test(run.threadId()) ? ThreadStatus.BUSY
                        : status == RunStatus.ERROR ? ThreadStatus.ERROR
                        : latest != null && !latest.next().isEmpty() ? ThreadStatus.INTERRUPTED : ThreadStatus.IDLE;
                storage.threads().update(thread.withState(latest == null ? null : latest.values(),
                        Views.threadInterrupts(latest), now).withStatus(threadStatus, now));
            }
            return new RunOutcome(ended, error, latest);
        });
    }

    /** The checkpoint a run was asked to start from ({@code checkpoint.checkpoint_id}), or null. */
    static String forkPoint(RunRecord run) {
        Object cp = run.kwargs().get("checkpoint");
        Object id = cp instanceof Map<?, ?> m ? m.get("checkpoint_id") : null;
        return id == null ? null : id.toString();
    }

    private static byte[] runDone(RunRecord run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "run_done");
        m.put("run_id", run.runId());
        return Json.bytes(m);
    }

    /** What checkpoints record of their run: {@link #runMetadata} after the config's scalar {@code configurable}s. */
    private static Map<String, Object> checkpointMetadata(RunRecord run, RunExecution e) {
        Map<String, Object> m = new LinkedHashMap<>();
        e.configurable().forEach((k, v) -> {
            if (!k.startsWith("__") && isScalar(v)) m.put(k, v);
        });
        m.putAll(runMetadata(run, e));
        return m;
    }

    /** The run's metadata as the client gave it, plus what identifies the run. */
    private static Map<String, Object> runMetadata(RunRecord run, RunExecution e) {
        Map<String, Object> m = new LinkedHashMap<>(run.metadata());
        m.put("graph_id", e.assistant.graphId());
        m.put("assistant_id", e.assistant.assistantId());
        m.put("run_attempt", run.attempt());
        m.put("thread_id", run.threadId());
        m.put("run_id", run.runId());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> tags(Map<String, Object> config) {
        return config.get("tags") instanceof List<?> l ? (List<Object>) l : List.of();
    }

    private static boolean isScalar(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean;
    }

    /** The {@code error} event payload: the exception's class and message, unwrapped from executor wrappers. */
    static Map<String, Object> errorOf(Throwable t) {
        Throwable root = t;
        while ((root instanceof java.util.concurrent.CompletionException
                || root instanceof java.util.concurrent.ExecutionException
                || root instanceof java.lang.reflect.InvocationTargetException) && root.getCause() != null) {
            root = root.getCause();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", root.getClass().getSimpleName());
        m.put("message", root.getMessage() == null ? root.toString() : root.getMessage());
        return m;
    }
}
