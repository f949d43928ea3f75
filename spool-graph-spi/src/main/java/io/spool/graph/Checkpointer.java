package io.spool.graph;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One thread's checkpoints, stored by the server. Graph runtimes read and write state only through this. */
public interface Checkpointer {

    /** The newest checkpoint of the thread, if any. */
    Optional<Checkpoint> latest();

    Optional<Checkpoint> get(String checkpointId);

    /** Checkpoints newest first, at most {@code limit}, strictly older than {@code beforeId} when it is not null. */
    List<Checkpoint> list(int limit, String beforeId);

    /**
     * Saves a new checkpoint as the thread's newest; the server assigns its id, parent (the current newest) and
     * time, and adds the run's metadata ({@code run_id}, {@code thread_id}, ...). Returns what was stored.
     */
    Checkpoint save(CheckpointDraft draft);

    /**
     * Records a pause inside a step on the newest checkpoint, as LangGraph records a paused task's pending writes:
     * {@code interrupts} and {@code runtime} replace the checkpoint's own and no checkpoint is added, so the paused
     * task keeps the id it has after that checkpoint. Returns what was stored.
     *
     * @throws IllegalStateException when the thread has no checkpoint
     */
    Checkpoint pause(List<Interrupt> interrupts, Map<String, Object> runtime);
}
