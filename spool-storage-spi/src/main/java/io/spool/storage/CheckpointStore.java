package io.spool.storage;

import io.spool.graph.Checkpoint;
import java.util.List;
import java.util.Optional;

/** Checkpoints, per thread, ordered by when they were saved. */
public interface CheckpointStore {

    void put(Checkpoint checkpoint);

    /** Overwrites the interrupts and runtime data of a stored checkpoint (a pause records them on it). */
    void updatePending(Checkpoint checkpoint);

    Optional<Checkpoint> latest(String threadId);

    Optional<Checkpoint> get(String threadId, String checkpointId);

    /** Newest first, at most {@code limit}, strictly older than {@code beforeId} when it is not null. */
    List<Checkpoint> list(String threadId, int limit, String beforeId);

    void deleteByThread(String threadId);

    /** Deletes every checkpoint of the thread but one. */
    void keepOnly(String threadId, String checkpointId);

    /** Deletes the checkpoints a run wrote (rollback). */
    void deleteByRun(String threadId, String runId);
}
