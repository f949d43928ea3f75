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
 */
final class RunScheduler implements AutoCloseable {

    private final int maxConcurrent;
    private final RunQueue queue;
    private final Consumer<RunExecution> executor;
    /** Runs queued through this process or claimed by it, by run id. */
    private final Map<String, RunExecution> local = new HashMap<>();
    private final Map<String, RunExecution> running = new HashMap<>();
    private boolean closed;

    RunScheduler(int maxConcurrent, RunQueue queue, Consumer<RunExecution> executor) {
        this.maxConcurrent = maxConcurrent;
        this.queue = queue;
        this.executor = executor;
        queue.onRunnable(this::dispatchNow);
        queue.onCancelRequest(this::cancelLocal);
    }

    synchronized void enqueue(RunExecution e) {
        local.put(e.runId(), e);
        queue.enqueue(e.run, e.notBeforeMillis);
        dispatch();
    }

    /** The thread's pending and running runs known here, oldest first. */
    synchronized List<RunExecution> inFlight(String threadId) {
        List<RunExecution> out = new ArrayList<>();
        for (String id : queue.inFlight(threadId)) {
            RunExecution e = local.get(id);
            if (e != null) out.add(e);
        }
        return out;
    }

    synchronized RunExecution find(String runId) {
        return local.get(runId);
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
        queue.finished(e.threadId(), e.runId());
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

    private void cancelLocal(String runId, CancelAction action) {
        RunExecution e = find(runId);
        if (e != null) e.cancel(action);
    }

    private synchronized void dispatchNow() {
        dispatch();
    }

    private void dispatch() {
        if (closed || running.size() >= maxConcurrent) return;
        for (String id : queue.claim(maxConcurrent - running.size())) {
            RunExecution next = local.get(id);
            if (next == null) continue; // queued by another process: adopting it comes with a shared backend
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
