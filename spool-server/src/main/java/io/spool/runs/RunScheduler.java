package io.spool.runs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The run queue of this process: runs of one thread start one at a time in creation order; at most
 * {@code maxConcurrent} runs execute at once across threads. Each run executes on its own virtual thread.
 */
final class RunScheduler implements AutoCloseable {

    private final int maxConcurrent;
    private final Consumer<RunExecution> executor;
    private final Map<String, ArrayDeque<RunExecution>> pending = new LinkedHashMap<>();
    private final Map<String, RunExecution> running = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spool-run-timer");
        t.setDaemon(true);
        return t;
    });
    private boolean closed;

    RunScheduler(int maxConcurrent, Consumer<RunExecution> executor) {
        this.maxConcurrent = maxConcurrent;
        this.executor = executor;
    }

    synchronized void enqueue(RunExecution e) {
        pending.computeIfAbsent(e.threadId(), k -> new ArrayDeque<>()).add(e);
        long delay = e.notBeforeMillis - System.currentTimeMillis();
        if (delay > 0) timer.schedule(this::dispatchNow, delay, TimeUnit.MILLISECONDS);
        dispatch();
    }

    /** The thread's pending and running runs, oldest first. */
    synchronized List<RunExecution> inFlight(String threadId) {
        List<RunExecution> out = new ArrayList<>();
        RunExecution r = running.get(threadId);
        if (r != null) out.add(r);
        ArrayDeque<RunExecution> q = pending.get(threadId);
        if (q != null) out.addAll(q);
        return out;
    }

    synchronized RunExecution find(String runId) {
        for (RunExecution r : running.values()) {
            if (r.runId().equals(runId)) return r;
        }
        for (ArrayDeque<RunExecution> q : pending.values()) {
            for (RunExecution r : q) {
                if (r.runId().equals(runId)) return r;
            }
        }
        return null;
    }

    /** Removes a run that has not started; false if it is running or unknown. */
    synchronized boolean removePending(RunExecution e) {
        ArrayDeque<RunExecution> q = pending.get(e.threadId());
        if (q == null || !q.remove(e)) return false;
        if (q.isEmpty()) pending.remove(e.threadId());
        return true;
    }

    synchronized boolean hasPending(String threadId) {
        return pending.containsKey(threadId);
    }

    synchronized void finished(RunExecution e) {
        running.remove(e.threadId(), e);
        dispatch();
    }

    synchronized List<RunExecution> runningNow() {
        return List.copyOf(running.values());
    }

    private synchronized void dispatchNow() {
        dispatch();
    }

    private void dispatch() {
        if (closed) return;
        long now = System.currentTimeMillis();
        Iterator<Map.Entry<String, ArrayDeque<RunExecution>>> it = pending.entrySet().iterator();
        while (it.hasNext() && running.size() < maxConcurrent) {
            Map.Entry<String, ArrayDeque<RunExecution>> entry = it.next();
            if (running.containsKey(entry.getKey())) continue;
            RunExecution next = entry.getValue().peek();
            if (next.notBeforeMillis > now) continue;
            entry.getValue().poll();
            if (entry.getValue().isEmpty()) it.remove();
            running.put(entry.getKey(), next);
            Thread.ofVirtual().name("run-" + next.runId()).start(() -> executor.accept(next));
        }
    }

    /** Starts nothing more; pending runs stay stored as pending and start on the next boot. */
    public synchronized void close() {
        closed = true;
        timer.shutdownNow();
    }
}
