package io.spool.threads;

import io.spool.storage.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires what outlived its TTL, every interval, on a thread of its own: threads ({@link ThreadService#sweepExpired})
 * and whatever else registers a sweep (the store's items), each a function from now to how many it expired.
 */
public final class TtlSweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TtlSweeper.class);

    private final Map<String, ToIntFunction<Instant>> sweeps;
    private final Storage storage;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spool-ttl-sweeper");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param sweeps by what they expire ("thread", "store item"), swept in this order
     * @param storage where a round runs alone: processes sharing it take turns instead of sweeping together
     */
    public TtlSweeper(Map<String, ToIntFunction<Instant>> sweeps, Duration interval, Storage storage) {
        this.sweeps = new LinkedHashMap<>(sweeps);
        this.storage = storage;
        long nanos = interval.toNanos();
        timer.scheduleWithFixedDelay(this::sweep, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private void sweep() {
        try {
            storage.runAlone("ttl-sweep", this::sweepAll);
        } catch (RuntimeException storageAway) {
            LOG.warn("TTL sweep skipped: {}", storageAway.getMessage()); // the next round tries again
        }
    }

    private void sweepAll() {
        sweeps.forEach((what, sweep) -> {
            try {
                int expired = sweep.applyAsInt(Instant.now());
                if (expired > 0) LOG.info("TTL sweep: {} {}(s) expired", expired, what);
            } catch (RuntimeException e) {
                // a task that throws is never scheduled again: report it and keep sweeping
                LOG.error("TTL sweep of {}s failed", what, e);
            }
        });
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
