package io.spool.storage;

import java.time.Instant;
import java.util.List;

/**
 * A thread's time to live: once {@code minutes} have passed since the thread's last update, the TTL sweeper applies
 * {@code strategy}: {@code delete} deletes the thread, {@code keep_latest} keeps only its newest checkpoint.
 * Minutes may be fractional.
 */
public record ThreadTtl(String strategy, double minutes) {

    public static final List<String> STRATEGIES = List.of("delete", "keep_latest");

    /** A hundred years: long enough for anyone, short enough that the expiry time stays a valid instant. */
    public static final double MAX_MINUTES = 100 * 365 * 24 * 60;

    /** When a thread last updated at {@code updatedAt} expires. */
    public Instant expiresAt(Instant updatedAt) {
        return updatedAt.plusNanos(Math.round(minutes * 60e9));
    }
}
