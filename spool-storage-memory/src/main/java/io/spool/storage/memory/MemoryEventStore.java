package io.spool.storage.memory;

import io.spool.storage.EventId;
import io.spool.storage.EventStore;
import io.spool.storage.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Each thread's whole log as a list in id order; reads find their start by binary search. */
final class MemoryEventStore implements EventStore {

    private final ConcurrentHashMap<String, List<StreamEvent>> logs = new ConcurrentHashMap<>();

    @Override
    public void append(List<Entry> batch) {
        for (Entry e : batch) {
            List<StreamEvent> log = logs.computeIfAbsent(e.threadId(), k -> new ArrayList<>());
            synchronized (log) {
                log.add(e.event());
            }
        }
    }

    @Override
    public List<StreamEvent> readAfter(String threadId, EventId after, int limit) {
        List<StreamEvent> log = logs.get(threadId);
        if (log == null) return List.of();
        synchronized (log) {
            int from = firstAfter(log, after);
            return List.copyOf(log.subList(from, Math.min(log.size(), from + limit)));
        }
    }

    @Override
    public Optional<EventId> lastId(String threadId) {
        List<StreamEvent> log = logs.get(threadId);
        if (log == null) return Optional.empty();
        synchronized (log) {
            return log.isEmpty() ? Optional.empty() : Optional.of(log.getLast().id());
        }
    }

    @Override
    public void deleteThread(String threadId) {
        logs.remove(threadId);
    }

    static int firstAfter(List<StreamEvent> log, EventId after) {
        int lo = 0;
        int hi = log.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (log.get(mid).id().after(after)) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }
}
