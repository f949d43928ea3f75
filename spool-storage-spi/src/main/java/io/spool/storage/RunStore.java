package io.spool.storage;

import java.util.List;
import java.util.Optional;

/** Runs. */
public interface RunStore {

    void insert(RunRecord run);

    Optional<RunRecord> get(String runId);

    void update(RunRecord run);

    boolean delete(String runId);

    /** A thread's runs, newest first; {@code status} null means any. */
    List<RunRecord> listByThread(String threadId, int limit, int offset, RunStatus status);

    /** Runs in any of the given statuses, oldest first (crash recovery, queue rebuild). */
    List<RunRecord> listByStatus(List<RunStatus> statuses);

    void deleteByThread(String threadId);
}
