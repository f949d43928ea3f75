package io.spool.storage.postgres;

import io.spool.storage.CancelAction;
import io.spool.storage.RunQueue;
import io.spool.storage.RunRecord;
import io.spool.storage.sql.Micros;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run queue shared by every process on the database ({@code run_queue}, {@code process_leases}). A run is a row
 * from creation to end; a process claims the oldest due run of each thread that has none claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so two processes never claim the same run nor two runs of one thread. Each process
 * holds a lease it renews by a heartbeat; one reaper at a time (an advisory lock) re-queues the runs of a process
 * whose lease ran out (attempt + 1) or, after {@code maxAttempts}, hands them to the {@link #onGaveUp} listeners to
 * end as errors. Redis signals ({@link Signals}) wake the other processes at once; a poll every
 * {@code pollInterval} covers lost signals (claims, cancels, due times).
 */
final class PgRunQueue implements RunQueue {

    private static final Logger LOG = LoggerFactory.getLogger(PgRunQueue.class);
    /** The key of the reaper's advisory lock (the first key: its own class, beside {@link PgThreadLocks}'). */
    private static final int REAPER_LOCK = 2;
    /** The database clock in epoch milliseconds: leases are compared in one clock, whatever the processes' say. */
    private static final String NOW_MS = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

    private static final String CLAIM = """
            WITH next AS (
              SELECT q.run_id FROM run_queue q
              WHERE q.owner IS NULL AND q.not_before <= ?
                AND NOT EXISTS (SELECT 1 FROM run_queue o
                                WHERE o.thread_id = q.thread_id AND (o.owner IS NOT NULL OR o.seq < q.seq))
              ORDER BY q.seq LIMIT ?
              FOR UPDATE SKIP LOCKED)
            UPDATE run_queue r SET owner = ? FROM next WHERE r.run_id = next.run_id
            RETURNING r.run_id, r.thread_id, r.seq, r.cancel_action""";

    private record Claimed(String runId, String threadId, long seq, String cancelAction) {
    }

    private final Pg db;
    private final String self;
    private final Duration leaseTimeout;
    private final int maxAttempts;
    private final Consumer<String> onClaimed;
    private final Signals signals;
    private final List<Runnable> runnableListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, CancelAction>> cancelListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> endedListeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, String>> gaveUpListeners = new CopyOnWriteArrayList<>();
    /** Runs claimed here and not finished; the cancels already delivered for them. */
    private final Set<String> claimedHere = ConcurrentHashMap.newKeySet();
    private final Set<String> cancelsDelivered = ConcurrentHashMap.newKeySet();
    /** Ends that could not be stored yet (the database was away): retried by the poll. */
    private final Set<String> unfinished = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spool-run-queue");
        t.setDaemon(true);
        return t;
    });
    private volatile long leaseRenewedNanos;

    /**
     * {@code onClaimed}: called with a thread id when this process claims one of its runs (before the run starts),
     * so the event log catches up with what other processes wrote to the thread.
     */
    PgRunQueue(Pg db, Signals signals, Duration leaseTimeout, int maxAttempts, Consumer<String> onClaimed) {
        this.db = db;
        this.signals = signals;
        this.self = signals.self();
        this.leaseTimeout = leaseTimeout;
        this.maxAttempts = maxAttempts;
        this.onClaimed = onClaimed;
        renewLease();
        signals.listen(this::heard);
        long poll = Math.max(100, Math.min(2000, leaseTimeout.toMillis() / 3));
        timer.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
    }

    @Override
    public void enqueue(RunRecord run, long notBeforeMillis) {
        db.update("INSERT INTO run_queue (run_id, thread_id, not_before) VALUES (?,?,?) ON CONFLICT (run_id) DO "
                + "NOTHING", run.runId(), run.threadId(), notBeforeMillis); // again at recovery: kept as it was
        // no signal: the creating process claims a due run itself when it has a free slot (so a run executes where
        // it was created unless its thread is busy); when it has none, the others' poll finds the run
        long delay = notBeforeMillis - System.currentTimeMillis();
        if (delay > 0) timer.schedule(() -> runnableListeners.forEach(Runnable::run), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public List<String> inFlight(String threadId) {
        return db.query("SELECT run_id FROM run_queue WHERE thread_id = ? ORDER BY owner IS NULL, seq",
                rs -> rs.getString(1), threadId);
    }

    @Override
    public boolean hasPending(String threadId) {
        return !db.query("SELECT 1 FROM run_queue WHERE thread_id = ? AND owner IS NULL LIMIT 1", rs -> 1, threadId)
                .isEmpty();
    }

    @Override
    public List<String> claim(int max) {
        if (max <= 0) return List.of();
        List<Claimed> claimed = new ArrayList<>(db.query(CLAIM,
                rs -> new Claimed(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)),
                System.currentTimeMillis(), max, self));
        claimed.sort(Comparator.comparingLong(Claimed::seq));
        List<String> ids = new ArrayList<>();
        for (Claimed c : claimed) {
            claimedHere.add(c.runId());
            onClaimed.accept(c.threadId());
            ids.add(c.runId());
            CancelAction cancelled = CancelAction.of(c.cancelAction());
            // cancelled while it waited: told once the claimant has it (after this call returns to it)
            if (cancelled != null) Thread.ofVirtual().start(() -> deliverCancel(c.runId(), cancelled));
        }
        return ids;
    }

    @Override
    public boolean removePending(String threadId, String runId) {
        return db.update("DELETE FROM run_queue WHERE run_id = ? AND owner IS NULL", runId) == 1;
    }

    @Override
    public void finished(String threadId, String runId) {
        try {
            end(runId);
        } catch (RuntimeException databaseAway) {
            unfinished.add(runId); // the run is ended in the runs table already; only its queue row is left
            LOG.warn("the end of run {} is not in the queue yet, retrying: {}", runId, databaseAway.getMessage());
        }
    }

    private void end(String runId) {
        db.update("DELETE FROM run_queue WHERE run_id = ? AND (owner = ? OR owner IS NULL)", runId, self);
        forget(runId);
        unfinished.remove(runId);
        signals.ended(runId);
    }

    @Override
    public void handBack(String threadId, String runId) {
        try {
            db.update("UPDATE run_queue SET owner = NULL WHERE run_id = ? AND owner = ?", runId, self);
            signals.runnable();
        } catch (RuntimeException databaseAway) {
            LOG.warn("run {} could not be handed back ({}); it is re-queued when this process's lease runs out",
                    runId, databaseAway.getMessage());
        }
        forget(runId);
    }

    private void forget(String runId) {
        claimedHere.remove(runId);
        for (CancelAction a : CancelAction.values()) cancelsDelivered.remove(runId + " " + a.wire());
    }

    @Override
    public boolean reapsLostRuns() {
        return true;
    }

    @Override
    public void onRunnable(Runnable listener) {
        runnableListeners.add(listener);
    }

    /**
     * Tells this process's listeners at once, and the others through Redis and through the queue row (which the
     * owner's poll reads, should the signal be lost).
     */
    @Override
    public void requestCancel(String runId, CancelAction action) {
        cancelListeners.forEach(l -> l.accept(runId, action));
        if (claimedHere.contains(runId)) return;
        db.update("UPDATE run_queue SET cancel_action = ? WHERE run_id = ? AND (cancel_action IS NULL OR ? = "
                + "'rollback')", action.wire(), runId, action.wire());
        signals.cancel(runId, action.wire());
    }

    @Override
    public void onCancelRequest(BiConsumer<String, CancelAction> listener) {
        cancelListeners.add(listener);
    }

    @Override
    public void onEndedElsewhere(Consumer<String> listener) {
        endedListeners.add(listener);
    }

    @Override
    public void onGaveUp(BiConsumer<String, String> listener) {
        gaveUpListeners.add(listener);
    }

    private void heard(Signals.Signal s) {
        switch (s.kind()) {
            case "cancel" -> {
                CancelAction action = CancelAction.of(s.action());
                if (claimedHere.contains(s.subject()) && action != null) deliverCancel(s.subject(), action);
            }
            case "ended" -> {
                endedListeners.forEach(l -> l.accept(s.subject()));
                runnableListeners.forEach(Runnable::run);
            }
            case "runnable" -> runnableListeners.forEach(Runnable::run);
            default -> {
                // not about the queue
            }
        }
    }

    private void deliverCancel(String runId, CancelAction action) {
        if (!cancelsDelivered.add(runId + " " + action.wire())) return; // the poll finds it again until the run ends
        cancelListeners.forEach(l -> l.accept(runId, action));
    }

    /** The slow path of everything the signals speed up, plus the lease and the reaper. */
    private void poll() {
        try {
            if (System.nanoTime() - leaseRenewedNanos > leaseTimeout.toNanos() / 3) renewLease();
            for (String runId : List.copyOf(unfinished)) end(runId);
            if (!claimedHere.isEmpty()) {
                for (String[] c : db.query("SELECT run_id, cancel_action FROM run_queue WHERE owner = ? AND "
                        + "cancel_action IS NOT NULL", rs -> new String[] {rs.getString(1), rs.getString(2)}, self)) {
                    if (claimedHere.contains(c[0])) deliverCancel(c[0], CancelAction.of(c[1]));
                }
            }
            reap();
            runnableListeners.forEach(Runnable::run);
        } catch (RuntimeException e) {
            LOG.debug("run queue poll failed: {}", e.toString()); // the database is away: the next poll tries again
        }
    }

    private void renewLease() {
        db.update("INSERT INTO process_leases (process_id, expires_at) VALUES (?, " + NOW_MS + " + ?) "
                + "ON CONFLICT (process_id) DO UPDATE SET expires_at = EXCLUDED.expires_at", self,
                leaseTimeout.toMillis());
        leaseRenewedNanos = System.nanoTime();
    }

    /** A run the reaper found on a lost process. */
    private record Lost(String runId, String threadId, Integer attempt) {
    }

    /**
     * Re-queues (or gives up on) the runs of processes whose lease ran out. One process at a time does it: the
     * others' try-lock fails and they skip this round.
     */
    private void reap() {
        List<Lost> givenUp = new ArrayList<>();
        boolean requeued = db.transaction(c -> {
            if (!Pg.query(c, "SELECT pg_try_advisory_xact_lock(?, 0)", rs -> rs.getBoolean(1), REAPER_LOCK)
                    .getFirst()) {
                return false;
            }
            List<Lost> lost = Pg.query(c, "SELECT q.run_id, q.thread_id, r.attempt FROM run_queue q "
                    + "LEFT JOIN runs r ON r.run_id = q.run_id WHERE q.owner IS NOT NULL AND NOT EXISTS ("
                    + "SELECT 1 FROM process_leases l WHERE l.process_id = q.owner AND l.expires_at > " + NOW_MS
                    + ") FOR UPDATE OF q SKIP LOCKED",
                    rs -> new Lost(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3)));
            boolean any = false;
            for (Lost l : lost) {
                if (l.attempt() == null) { // the run was deleted meanwhile
                    Pg.query(c, "DELETE FROM run_queue WHERE run_id = ? RETURNING 1", rs -> 1, l.runId());
                } else if (l.attempt() < maxAttempts) {
                    LOG.warn("run {} on thread {} lost its process (no heartbeat for {} s); re-queued for attempt {}",
                            l.runId(), l.threadId(), leaseTimeout.toSeconds(), l.attempt() + 1);
                    Pg.query(c, "UPDATE runs SET status = 'pending', attempt = attempt + 1, stream_start = NULL, "
                            + "updated_at = ? WHERE run_id = ? RETURNING 1", rs -> 1, Micros.of(Instant.now()),
                            l.runId());
                    Pg.query(c, "UPDATE run_queue SET owner = NULL WHERE run_id = ? RETURNING 1", rs -> 1,
                            l.runId());
                    any = true;
                } else {
                    Pg.query(c, "UPDATE run_queue SET owner = ? WHERE run_id = ? RETURNING 1", rs -> 1, self,
                            l.runId());
                    givenUp.add(l);
                }
            }
            Pg.query(c, "DELETE FROM process_leases WHERE expires_at < " + NOW_MS + " - ? RETURNING 1", rs -> 1,
                    Math.max(60_000, leaseTimeout.toMillis() * 2));
            return any;
        });
        if (requeued) signals.runnable();
        for (Lost l : givenUp) {
            claimedHere.add(l.runId());
            onClaimed.accept(l.threadId());
            String why = "The process executing this run was lost (no heartbeat for " + leaseTimeout.toSeconds()
                    + " s) on attempt " + l.attempt() + " of " + maxAttempts + "; it is not retried. Its output up "
                    + "to then is kept.";
            try {
                gaveUpListeners.forEach(g -> g.accept(l.runId(), why));
            } catch (RuntimeException failed) {
                // the next reaper round tries again: the run is left to a process that holds no lease
                LOG.warn("could not end run {} after its last attempt ({}); retrying", l.runId(), failed.toString());
                claimedHere.remove(l.runId());
                db.update("UPDATE run_queue SET owner = 'reaper' WHERE run_id = ? AND owner = ?", l.runId(), self);
            }
        }
    }

    /** Stops the timers and gives up the lease, so the runs still claimed here are re-queued soon. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            db.update("DELETE FROM process_leases WHERE process_id = ?", self);
        } catch (RuntimeException databaseAway) {
            // the lease runs out by itself
        }
    }
}
