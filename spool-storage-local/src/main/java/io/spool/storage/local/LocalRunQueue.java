package io.spool.storage.local;

import io.spool.storage.CancelAction;
import io.spool.storage.RunQueue;
import io.spool.storage.RunRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The run queue of one process, in memory: what a restart needs of it is in the stored runs (the server re-queues
 * the pending ones at start). Its only claimant is this process, so a claim needs no lease.
 */
public final class LocalRunQueue implements RunQueue {

    private record Queued(String runId, long notBeforeMillis) {
    }

    /** Per thread, its pending runs in creation order; threads in the order their first pending run came. */
    private final Map<String, ArrayDeque<Queued>> pending = new LinkedHashMap<>();
    /** Per thread, its claimed (running) run. */
    private final Map<String, String> running = new HashMap<>();
    private final List<Runnable> runnableListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, CancelAction>> cancelListeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spool-run-timer");
        t.setDaemon(true);
        return t;
    });

    @Override
    public synchronized void enqueue(RunRecord run, long notBeforeMillis) {
        pending.computeIfAbsent(run.threadId(), k -> new ArrayDeque<>()).add(new Queued(run.runId(), notBeforeMillis));
        long delay = notBeforeMillis - System.currentTimeMillis();
        // the listeners are called from the timer's thread, never under this queue's monitor
        if (delay > 0) timer.schedule(() -> runnableListeners.forEach(Runnable::run), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized List<String> inFlight(String threadId) {
        List<String> out = new ArrayList<>();
        String r = running.get(threadId);
        if (r != null) out.add(r);
        ArrayDeque<Queued> q = pending.get(threadId);
        if (q != null) q.forEach(e -> out.add(e.runId()));
        return out;
    }

    @Override
    public synchronized boolean hasPending(String threadId) {
        return pending.containsKey(threadId);
    }

    @Override
    public synchronized List<String> claim(int max) {
        List<String> claimed = new ArrayList<>();
        long now = System.currentTimeMillis();
        Iterator<Map.Entry<String, ArrayDeque<Queued>>> it = pending.entrySet().iterator();
        while (it.hasNext() && claimed.size() < max) {
            Map.Entry<String, ArrayDeque<Queued>> entry = it.next();
            if (running.containsKey(entry.getKey())) continue;
            Queued next = entry.getValue().peek();
            if (next.notBeforeMillis() > now) continue;
            entry.getValue().poll();
            if (entry.getValue().isEmpty()) it.remove();
            running.put(entry.getKey(), next.runId());
            claimed.add(next.runId());
        }
        return claimed;
    }

    @Override
    public synchronized boolean removePending(String threadId, String runId) {
        ArrayDeque<Queued> q = pending.get(threadId);
        if (q == null || !q.removeIf(e -> e.runId().equals(runId))) return false;
        if (q.isEmpty()) pending.remove(threadId);
        return true;
    }

    @Override
    public synchronized void finished(String threadId, String runId) {
        running.remove(threadId, runId);
    }

    @Override
    public void onRunnable(Runnable listener) {
        runnableListeners.add(listener);
    }

    /** Every run of this queue executes in this process: the request goes straight to its listeners. */
    @Override
    public void requestCancel(String runId, CancelAction action) {
        cancelListeners.forEach(l -> l.accept(runId, action));
    }

    @Override
    public void onCancelRequest(BiConsumer<String, CancelAction> listener) {
        cancelListeners.add(listener);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
