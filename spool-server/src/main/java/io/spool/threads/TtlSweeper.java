package io.spool.threads;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Expires threads whose TTL ran out: {@link ThreadService#sweepExpired} every interval, on a thread of its own. */
public final class TtlSweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TtlSweeper.class);

    private final ThreadService threads;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spool-ttl-sweeper");
        t.setDaemon(true);
        return t;
    });

    public TtlSweeper(ThreadService threads, Duration interval) {
        this.threads = threads;
        long nanos = interval.toNanos();
        timer.scheduleWithFixedDelay(this::sweep, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private void sweep() {
        try {
            int expired = threads.sweepExpired(Instant.now());
            if (expired > 0) LOG.info("TTL sweep: {} thread(s) expired", expired);
        } catch (RuntimeException e) {
            // a task that throws is never scheduled again: report it and keep sweeping
            LOG.error("TTL sweep failed", e);
        }
    }

    /** Stops sweeping; waits for a sweep in progress to finish, so storage is not closed under it. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) timer.shutdownNow();
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
