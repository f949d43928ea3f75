package io.spool.runs;

import io.spool.graph.Checkpoint;
import io.spool.graph.CheckpointDraft;
import io.spool.graph.Checkpointer;
import io.spool.graph.Interrupt;
import io.spool.storage.CheckpointStore;
import io.spool.threads.ThreadService;
import io.spool.wire.Times;
import io.spool.wire.Views;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The checkpointer a run gets: its thread's checkpoints, with the run's metadata stamped on what it saves. */
final class RunCheckpointer implements Checkpointer {

    private final CheckpointStore store;
    private final String threadId;
    private final Map<String, Object> runMetadata;
    private final RunStreamWriter writer;
    private Checkpoint latest;
    private boolean loaded;

    RunCheckpointer(CheckpointStore store, String threadId, Map<String, Object> runMetadata, RunStreamWriter writer) {
        this.store = store;
        this.threadId = threadId;
        this.runMetadata = runMetadata;
        this.writer = writer;
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
     * checkpoint, so the run continues from there and the history after it stays intact. The newest checkpoint
     * itself needs no copy: the run simply goes on from it, as on the official servers (clients such as
     * {@code useStream} name the head checkpoint when they continue a paused thread).
     */
    synchronized void forkFrom(String checkpointId) {
        if (latest().filter(head -> head.checkpointId().equals(checkpointId)).isPresent()) return;
        Checkpoint from = store.get(threadId, checkpointId).orElseThrow(() -> new IllegalArgumentException(
                "Checkpoint " + checkpointId + " not found on thread " + threadId));
        latest = from;
        loaded = true;
        save(new CheckpointDraft(from.values(), from.next(), "fork", stepOf(from), from.interrupts(), from.runtime()));
    }

    /** The super-step a checkpoint recorded ({@code -1} for an input checkpoint, and when it recorded none). */
    static int stepOf(Checkpoint c) {
        return c.metadata().get("step") instanceof Number n ? n.intValue() : -1;
    }

    @Override
    public synchronized Checkpoint save(CheckpointDraft d) {
        Checkpoint c = ThreadService.newCheckpoint(threadId, latest().orElse(null), d, runMetadata);
        store.put(c);
        latest = c;
        writer.checkpointSaved(d.step());
        announce(c, d.step());
        return c;
    }

    @Override
    public synchronized Checkpoint pause(List<Interrupt> interrupts, Map<String, Object> runtime) {
        Checkpoint c = latest().orElseThrow(() -> new IllegalStateException("no checkpoint to pause at"));
        latest = new Checkpoint(threadId, c.checkpointId(), c.parentCheckpointId(), c.values(), c.next(),
                c.metadata(), interrupts, runtime, c.createdAt());
        store.updatePending(latest);
        return latest;
    }

    /** The {@code checkpoints} and debug {@code checkpoint} events of a saved checkpoint. */
    private void announce(Checkpoint c, int step) {
        boolean checkpoints = writer.wants("checkpoints");
        boolean debug = writer.wants("debug");
        if (!checkpoints && !debug) return;
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("config", config(c.checkpointId()));
        payload.put("parent_config", c.parentCheckpointId() == null ? null : config(c.parentCheckpointId()));
        Map<String, Object> state = Views.state(threadId, c);
        payload.put("values", c.values());
        payload.put("metadata", c.metadata());
        payload.put("next", c.next());
        payload.put("tasks", state.get("tasks"));
        if (checkpoints) writer.emit("checkpoints", payload);
        if (debug) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("step", step);
            event.put("type", "checkpoint");
            event.put("timestamp", Times.format(c.createdAt()));
            Map<String, Object> debugPayload = new LinkedHashMap<>(payload);
            debugPayload.put("checkpoint", Views.checkpointConfig(threadId, c.checkpointId()));
            debugPayload.put("parent_checkpoint", c.parentCheckpointId() == null ? null
                    : Views.checkpointConfig(threadId, c.parentCheckpointId()));
            event.put("payload", debugPayload);
            writer.emit("debug", event);
        }
    }

    private Map<String, Object> config(String checkpointId) {
        Map<String, Object> configurable = new LinkedHashMap<>();
        configurable.put("thread_id", threadId);
        configurable.put("checkpoint_ns", "");
        configurable.put("checkpoint_id", checkpointId);
        return Map.of("configurable", configurable);
    }
}
