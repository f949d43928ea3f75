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
