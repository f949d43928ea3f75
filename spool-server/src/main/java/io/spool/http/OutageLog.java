package io.spool.http;

import java.util.concurrent.TimeUnit;

/**
 * When to log a storage outage that requests run into: the first time a cause is seen, then at most once a minute
 * while it lasts, so a full disk under load is a few log lines rather than one per request.
 */
final class OutageLog {

    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private String lastCause;
    private long loggedAt;

    synchronized boolean shouldLog(String cause) {
        long now = System.nanoTime();
        if (cause.equals(lastCause) && now - loggedAt < EVERY_NANOS) return false;
        lastCause = cause;
        loggedAt = now;
        return true;
    }
}
