package io.spool.runs;

import io.spool.metrics.QueueStats;
import io.spool.storage.CancelAction;
import io.spool.storage.RunQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * This process's side of the run queue: the executions of the runs queued or claimed here, and at most
 * {@code maxConcurrent} of them executing at once, each on its own virtual thread. Which run goes next is the
 * {@link RunQueue}'s decision; the scheduler claims as many as it has free slots whenever one may have freed up.
 *
 * <p>With a shared queue a run may be created, executed and cancelled through different processes: a run claimed
 * here that was queued elsewhere is adopted (its execution made from the stored run), and a run this process only
 * watches (queued here but claimed elsewhere, or asked about here) is known here until it ends elsewhere.
 */
final class RunScheduler implements AutoCloseable {

    private final int maxConcurrent;
    private final RunQueue queue;
    private final Consumer<RunExecution> executor;
    private final Adopter adopt;

    /** Makes the execution of a stored run in flight (see the constructor). */
    interface Adopter {
        /** {@code claimed}: this process claimed it and must execute or end it; otherwise it is only watched. */
        RunExecution adopt(String runId, boolean claimed);
    }
    /** Runs queued through this process or claimed by it, by run id. */
    private final Map<String, RunExecution> local = new HashMap<>();
    private final Map<String, RunExecution> running = new HashMap<>();
    private boolean closed;

    /**
     * {@code adopt}: the execution of a stored run in flight, or null when it cannot be executed here (it ended, was
     * deleted, or its graph is not served). {@code endedElsewhere}: answers whoever waits here for a run that ended
     * in another process.
     */
    RunScheduler(int maxConcurrent, RunQueue queue, Consumer<RunExecution> executor,
                 Adopter adopt, Consumer<RunExecution> endedElsewhere) {
        this.maxConcurrent = maxConcurrent;
        this.queue = queue;
        this.executor = executor;
        this.adopt = adopt;
        queue.onRunnable(this::dispatchNow);
        queue.onCancelRequest(this::cancelLocal);
        queue.onEndedElsewhere(runId -> {
            RunExecution e = forgetWatched(runId);
            if (e != null) endedElsewhere.accept(e);
        });
    }

    synchronized void enqueue(RunExecution e) {
        local.put(e.runId(), e);
        queue.enqueue(e.run, e.notBeforeMillis);
        dispatch();
    }

    /** The thread's pending and running runs, oldest first (those of other processes watched from now on). */
    synchronized List<RunExecution> inFlight(String threadId) {
        List<RunExecution> out = new ArrayList<>();
        for (String id : queue.inFlight(threadId)) {
            RunExecution e = track(id);
            if (e != null) out.add(e);
        }
        return out;
    }

    synchronized boolean runningHere(String runId) {
        return running.containsKey(runId);
    }

    synchronized RunExecution find(String runId) {
        return local.get(runId);
    }

    /** The run's execution known here, or (for a run in flight elsewhere) one made to watch it; null if it ended. */
    synchronized RunExecution track(String runId) {
        RunExecution e = local.get(runId);
        if (e != null) return e;
        e = adopt.adopt(runId, false);
        if (e != null) local.put(runId, e);
        return e;
    }

    /** Runs known here that do not execute here: with a shared queue they may have ended elsewhere. */
    synchronized List<RunExecution> watched() {
        List<RunExecution> out = new ArrayList<>();
        for (RunExecution e : local.values()) if (!running.containsKey(e.runId())) out.add(e);
        return out;
    }

    /** Forgets a watched run that ended elsewhere; null if it is not known here or executes here. */
    synchronized RunExecution forgetWatched(String runId) {
        if (running.containsKey(runId)) return null;
        return local.remove(runId);
    }

    /** Removes a run that has not started; false if it is running or unknown. */
    synchronized boolean removePending(RunExecution e) {
        if (!queue.removePending(e.threadId(), e.runId())) return false;
        local.remove(e.runId());
        return true;
    }

    synchronized boolean hasPending(String threadId) {
        return queue.hasPending(threadId);
    }

    /** Asks the run to stop, wherever it executes. */
    void cancel(RunExecution e, CancelAction action) {
        queue.requestCancel(e.runId(), action);
    }

    synchronized void finished(RunExecution e) {
        local.remove(e.runId());
        running.remove(e.runId());
        if (e.requeued()) queue.handBack(e.threadId(), e.runId());
        else queue.finished(e.threadId(), e.runId());
        dispatch();
    }

    /** The runs queued here that have not started. */
    synchronized List<RunExecution> pendingNow() {
        List<RunExecution> out = new ArrayList<>();
        for (RunExecution e : local.values()) if (!running.containsKey(e.runId())) out.add(e);
        return out;
    }

    synchronized List<RunExecution> runningNow() {
        return List.copyOf(running.values());
    }

    /** This process's queue now: pending and running runs, slots, and how long the due pending runs have waited. */
    synchronized QueueStats stats(long nowMillis) {
        List<Long> waits = new ArrayList<>();
        for (RunExecution e : local.values()) {
            if (running.containsKey(e.runId())) continue;
            long due = Math.max(e.run.createdAt().toEpochMilli(), e.notBeforeMillis);
            if (due <= nowMillis) waits.add(nowMillis - due);
        }
        waits.sort(null);
        double max = waits.isEmpty() ? 0 : waits.getLast() / 1000.0;
        double median = waits.isEmpty() ? 0 : waits.get(waits.size() / 2) / 1000.0;
        return new QueueStats(local.size() - running.size(), running.size(), maxConcurrent, max, median);
    }

    /** A cancel asked for anywhere: this process acts only on a run it executes. */
    private void cancelLocal(String runId, CancelAction action) {
        RunExecution e;
        synchronized (this) {
            e = running.get(runId);
        }
        if (e != null) e.cancel(action);
    }

    private synchronized void dispatchNow() {
        dispatch();
    }

    private void dispatch() {
        if (closed || running.size() >= maxConcurrent) return;
        for (String id : queue.claim(maxConcurrent - running.size())) {
            RunExecution found = local.get(id);
            RunExecution next = found != null ? found : adopt.adopt(id, true); // queued through another process
            if (next == null) { // deleted meanwhile, or not servable here (then already ended as an error)
                queue.finished("", id);
                continue;
            }
            local.put(id, next);
            running.put(id, next);
            Thread.ofVirtual().name("run-" + id).start(() -> executor.accept(next));
        }
    }

    /** Starts nothing more; pending runs stay stored as pending and start on the next boot. */
    @Override
    public synchronized void close() {
        closed = true;
    }
}
