package io.spool.storage;

import java.time.Instant;
import java.util.Map;

/**
 * A stored run. {@code kwargs} holds what the run was created with (input, command, config, stream_mode, ...).
 * {@code attempt} counts executions, starting at 1. {@code streamStart} is the id of the run's first event in its
 * thread's log once it has started (null before), so a replay of the run seeks straight to it.
 */
public record RunRecord(
        String runId,
        String threadId,
        String assistantId,
        Instant createdAt,
        Instant updatedAt,
        RunStatus status,
        Map<String, Object> metadata,
        Map<String, Object> kwargs,
        MultitaskStrategy multitaskStrategy,
        int attempt,
        String streamStart) {

    public RunRecord withStatus(RunStatus s, Instant now) {
        return new RunRecord(runId, threadId, assistantId, createdAt, now, s, metadata, kwargs, multitaskStrategy,
                attempt, streamStart);
    }

    public RunRecord withStreamStart(String id) {
        return new RunRecord(runId, threadId, assistantId, createdAt, updatedAt, status, metadata, kwargs,
                multitaskStrategy, attempt, id);
    }

    /** The run queued again for its next attempt (a server that stopped before the run ended hands it back). */
    public RunRecord requeued(Instant now) {
        return new RunRecord(runId, threadId, assistantId, createdAt, now, RunStatus.PENDING, metadata, kwargs,
                multitaskStrategy, attempt + 1, null);
    }

    public boolean inFlight() {
        return status.inFlight();
    }
}
