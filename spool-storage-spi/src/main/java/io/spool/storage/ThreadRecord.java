package io.spool.storage;

import java.time.Instant;
import java.util.Map;

/**
 * A stored thread. {@code values} and {@code interrupts} mirror the latest checkpoint so that reads and searches
 * need not load it. {@code ttl} is null when the thread lives until it is deleted.
 */
public record ThreadRecord(
        String threadId,
        Instant createdAt,
        Instant updatedAt,
        Map<String, Object> metadata,
        Map<String, Object> config,
        ThreadStatus status,
        Map<String, Object> values,
        Map<String, Object> interrupts,
        ThreadTtl ttl) {

    public ThreadRecord withStatus(ThreadStatus s, Instant now) {
        return new ThreadRecord(threadId, createdAt, now, metadata, config, s, values, interrupts, ttl);
    }

    public ThreadRecord withMetadata(Map<String, Object> m, Instant now) {
        return new ThreadRecord(threadId, createdAt, now, m, config, status, values, interrupts, ttl);
    }

    public ThreadRecord withConfig(Map<String, Object> c) {
        return new ThreadRecord(threadId, createdAt, updatedAt, metadata, c, status, values, interrupts, ttl);
    }

    public ThreadRecord withState(Map<String, Object> v, Map<String, Object> i, Instant now) {
        return new ThreadRecord(threadId, createdAt, now, metadata, config, status, v, i, ttl);
    }

    public ThreadRecord withTtl(ThreadTtl t, Instant now) {
        return new ThreadRecord(threadId, createdAt, now, metadata, config, status, values, interrupts, t);
    }

    /** The same thread, marked as updated at {@code now}. */
    public ThreadRecord touched(Instant now) {
        return new ThreadRecord(threadId, createdAt, now, metadata, config, status, values, interrupts, ttl);
    }

    /** When the thread's TTL runs out; null without a TTL. */
    public Instant expiresAt() {
        return ttl == null ? null : ttl.expiresAt(updatedAt);
    }
}
