package io.spool.storage;

/**
 * A backend's connection pool as it is now, for {@code /metrics}: connections lent out, idle, the most it opens, and
 * callers waiting for one (a pool too small for the load shows as waiters).
 */
public record PoolStats(String name, int active, int idle, int max, int waiting) {
}
