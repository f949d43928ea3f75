package io.spool.langgraph4j;

import io.spool.graph.Checkpoint;
import io.spool.graph.CheckpointDraft;
import io.spool.graph.Checkpointer;
import io.spool.graph.Interrupt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** One thread's checkpoints in memory, saved as the server does (id, parent, metadata with source and step). */
final class InMemoryCheckpointer implements Checkpointer {

    private final String threadId;
    private final List<Checkpoint> saved = new ArrayList<>(); // oldest first

    InMemoryCheckpointer(String threadId) {
        this.threadId = threadId;
    }

    @Override
    public synchronized Optional<Checkpoint> latest() {
        return saved.isEmpty() ? Optional.empty() : Optional.of(saved.getLast());
    }

    @Override
    public synchronized Optional<Checkpoint> get(String checkpointId) {
        return saved.stream().filter(c -> c.checkpointId().equals(checkpointId)).findFirst();
    }

    @Override
    public synchronized List<Checkpoint> list(int limit, String beforeId) {
        List<Checkpoint> newestFirst = new ArrayList<>(saved.reversed());
        if (beforeId != null) {
            int index = newestFirst.indexOf(get(beforeId).orElseThrow());
            newestFirst = newestFirst.subList(index + 1, newestFirst.size());
        }
        return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
    }

    @Override
    public synchronized Checkpoint save(CheckpointDraft draft) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("source", draft.source());
        metadata.put("step", draft.step());
        var checkpoint = new Checkpoint(threadId, UUID.randomUUID().toString(),
                latest().map(Checkpoint::checkpointId).orElse(null),
                // stored as the server would: a snapshot, not the caller's live objects
                snapshot(draft.values()), draft.next(), metadata, draft.interrupts(), snapshot(draft.runtime()),
                Instant.now());
        saved.add(checkpoint);
        return checkpoint;
    }

    @Override
    public synchronized Checkpoint pause(List<Interrupt> interrupts, Map<String, Object> runtime) {
        Checkpoint c = latest().orElseThrow();
        var paused = new Checkpoint(threadId, c.checkpointId(), c.parentCheckpointId(), c.values(), c.next(),
                c.metadata(), interrupts, snapshot(runtime), c.createdAt());
        saved.set(saved.size() - 1, paused);
        return paused;
    }

    private static Map<String, Object> snapshot(Map<String, Object> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    synchronized List<Checkpoint> all() {
        return List.copyOf(saved);
    }
}
