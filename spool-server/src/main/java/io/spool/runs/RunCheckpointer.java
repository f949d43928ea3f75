package io.spool.runs;

import io.spool.graph.Checkpoint;
import io.spool.graph.CheckpointDraft;
import io.spool.graph.Checkpointer;
import io.spool.storage.CheckpointStore;
import io.spool.threads.ThreadService;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The checkpointer a run gets: its thread's checkpoints, with the run's metadata stamped on what it saves. */
final class RunCheckpointer implements Checkpointer {

    private final CheckpointStore store;
    private final String threadId;
    private final Map<String, Object> runMetadata;
    private Checkpoint latest;
    private boolean loaded;

    RunCheckpointer(CheckpointStore store, String threadId, Map<String, Object> runMetadata) {
        this.store = store;
        this.threadId = threadId;
        this.runMetadata = runMetadata;
    }

    @Override
    public synchronized Optional<Checkpoint> latest() {
        if (!loaded) {
            latest = store.latest(threadId).orElse(null);
            loaded = true;
        }
        return Optional.ofNullable(latest);
    }

    @Override
    public Optional<Checkpoint> get(String checkpointId) {
        return store.get(threadId, checkpointId);
    }

    @Override
    public List<Checkpoint> list(int limit, String beforeId) {
        return store.list(threadId, limit, beforeId);
    }

    /**
     * Makes a past checkpoint the thread's newest again, as a copy with source {@code fork} whose parent is that
     * checkpoint, so the run continues from there and the history after it stays intact.
     */
    synchronized void forkFrom(String checkpointId) {
        Checkpoint from = store.get(threadId, checkpointId).orElseThrow(() -> new IllegalArgumentException(
                "Checkpoint " + checkpointId + " not found on thread " + threadId));
        Number step = (Number) from.metadata().getOrDefault("step", -1);
        latest = from;
        loaded = true;
        save(new CheckpointDraft(from.values(), from.next(), "fork", step.intValue(), from.interrupts(),
                from.runtime()));
    }

    @Override
    public synchronized Checkpoint save(CheckpointDraft d) {
        Checkpoint parent = latest().orElse(null);
        Map<String, Object> metadata = new LinkedHashMap<>(runMetadata);
        metadata.put("source", d.source());
        metadata.put("step", d.step());
        metadata.put("parents", Map.of());
        Checkpoint c = new Checkpoint(threadId, ThreadService.checkpointId(),
                parent == null ? null : parent.checkpointId(), d.values(), d.next(), metadata, d.interrupts(),
                d.runtime(), Instant.now());
        store.put(c);
        latest = c;
        return c;
    }
}
