package io.spool.storage.memory;

import io.spool.storage.ThreadQuery;
import io.spool.storage.ThreadRecord;
import io.spool.storage.ThreadStatus;
import io.spool.storage.ThreadStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryThreadStore implements ThreadStore {

    private final ConcurrentHashMap<String, ThreadRecord> threads = new ConcurrentHashMap<>();

    @Override
    public boolean insert(ThreadRecord thread) {
        return threads.putIfAbsent(thread.threadId(), thread) == null;
    }

    @Override
    public Optional<ThreadRecord> get(String threadId) {
        return Optional.ofNullable(threads.get(threadId));
    }

    @Override
    public void update(ThreadRecord thread) {
        threads.computeIfPresent(thread.threadId(), (k, v) -> thread);
    }

    @Override
    public boolean delete(String threadId) {
        return threads.remove(threadId) != null;
    }

    @Override
    public List<ThreadRecord> search(ThreadQuery query) {
        return threads.values().stream()
                .filter(query::matches)
                .sorted(query.order())
                .skip(query.offset())
                .limit(query.limit())
                .toList();
    }

    @Override
    public long count(ThreadQuery query) {
        return threads.values().stream().filter(query::matches).count();
    }

    @Override
    public List<ThreadRecord> expired(Instant now, int limit) {
        return threads.values().stream()
                .filter(t -> t.ttl() != null && t.status() != ThreadStatus.BUSY && !t.expiresAt().isAfter(now))
                .sorted(Comparator.comparing(ThreadRecord::expiresAt))
                .limit(limit)
                .toList();
    }
}
