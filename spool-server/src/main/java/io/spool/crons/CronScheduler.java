package io.spool.crons;

import io.spool.auth.Authenticator;
import io.spool.auth.Identity;
import io.spool.auth.Ownership;
import io.spool.errors.ApiError;
import io.spool.runs.RunService;
import io.spool.storage.CronRecord;
import io.spool.storage.CronStore;
import io.spool.storage.RunRecord;
import io.spool.storage.ThreadRecord;
import io.spool.threads.ThreadService;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due crons, every tick, on a virtual thread. Durable and shared: the next slot is stored, and a process fires
 * a slot only if its {@link CronStore#claim} moved {@code next_run_date} on, so each slot fires once however many
 * processes share the store. The claim moves to the first slot after now, so a cron whose slots passed while no
 * server ran fires once at start, not once per missed slot.
 */
public final class CronScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CronScheduler.class);

    /** Due crons taken per tick; more wait for the next one. */
    private static final int BATCH = 100;

    private final CronStore store;
    private final RunService runs;
    private final ThreadService threads;
    /** Who runs a cron is made for with auth on (its creator); null with auth off. */
    private final Authenticator auth;
    private final Duration tick;
    /** Told each claimed slot's outcome: {@code started}, {@code refused} or {@code failed} (the metrics). */
    private final Consumer<String> fired;
    private final Thread loop;
    private final java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean closed;

    public CronScheduler(CronStore store, RunService runs, ThreadService threads, Authenticator auth, Duration tick,
                         Consumer<String> fired) {
        this.store = store;
        this.runs = runs;
        this.threads = threads;
        this.auth = auth;
        this.tick = tick;
        this.fired = fired;
        this.loop = Thread.ofVirtual().name("spool-crons").start(this::run);
    }

    private void run() {
        while (!closed) {
            try {
                fireDue(Instant.now());
            } catch (RuntimeException e) {
                LOG.error("cron tick failed; trying again next tick", e); // storage away, say: the slots stay due
            }
            try {
                if (stop.await(tick.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Claims and fires every cron due at {@code now}. */
    void fireDue(Instant now) {
        for (CronRecord cron : store.due(now, BATCH)) {
            if (closed) return;
            Instant next = Schedule.of(cron.schedule(), cron.timezone()).nextAfter(now, cron.endTime());
            if (!store.claim(cron.cronId(), cron.nextRunDate(), next)) continue; // another process fired it
            try {
                RunRecord run = asOwner(cron, () -> fire(cron));
                fired.accept("started");
                LOG.info("cron {} fired its {} slot: run {} on thread {}", cron.cronId(), cron.nextRunDate(),
                        run.runId(), run.threadId());
            } catch (ApiError e) { // the thread rejects runs while busy, the assistant is gone...
                fired.accept("refused");
                LOG.warn("cron {} could not start its {} run: {}", cron.cronId(), cron.nextRunDate(), e.getMessage());
            } catch (Exception e) {
                fired.accept("failed");
                LOG.error("cron {} failed to start its {} run", cron.cronId(), cron.nextRunDate(), e);
            }
        }
    }

    /**
     * A thread cron's run goes through the thread's multitask rules; a stateless one gets a new thread, deleted
     * once the run has ended unless {@code on_run_completed} is {@code keep}.
     */
    private RunRecord fire(CronRecord cron) {
        if (cron.threadId() != null) return runs.create(cron.threadId(), CronPayload.runCreate(cron), false);
        ThreadRecord thread = threads.create(null, Map.of("cron_id", cron.cronId()), "raise", null);
        RunRecord run = runs.create(thread.threadId(), CronPayload.runCreate(cron), true);
        boolean keep = "keep".equals(cron.onRunCompleted());
        runs.outcome(thread.threadId(), run.runId()).whenComplete((outcome, error) ->
                Thread.ofVirtual().name("spool-cron-cleanup").start(() -> { // not on the run's own thread
                    runs.release(run.runId());
                    if (keep) return;
                    try {
                        threads.delete(thread.threadId());
                    } catch (ApiError alreadyGone) {
                        // deleted by a client meanwhile
                    }
                }));
        return run;
    }

    private <T> T asOwner(CronRecord cron, java.util.concurrent.Callable<T> body) throws Exception {
        if (auth == null || cron.userId() == null) return body.call();
        return Ownership.actAs(Identity.of(cron.userId()), auth, body);
    }

    /** Stops firing; a firing in progress finishes first. */
    @Override
    public void close() {
        closed = true;
        stop.countDown(); // no interrupt: it would break a storage call in progress
        try {
            loop.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
