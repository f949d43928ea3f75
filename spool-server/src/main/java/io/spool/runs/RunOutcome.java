package io.spool.runs;

import io.spool.graph.Checkpoint;
import io.spool.storage.RunRecord;
import java.util.Map;

/**
 * How a run ended, as the run's waiters see it.
 *
 * @param run   the run as stored at its end (null if it was rolled back, and so deleted)
 * @param error {@code {"error": class, "message": text}} when the run failed, else null
 * @param stateAfter the thread's latest checkpoint once the run had ended (null when the thread has none)
 */
public record RunOutcome(RunRecord run, Map<String, Object> error, Checkpoint stateAfter) {
}
