package io.spool.graph;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored checkpoint: the state of a thread after one step.
 *
 * @param metadata {@code source}, {@code step}, {@code parents} and the run's metadata, as the API shows them
 */
public record Checkpoint(
        String threadId,
        String checkpointId,
        String parentCheckpointId,
        Map<String, Object> values,
        List<String> next,
        Map<String, Object> metadata,
        List<Interrupt> interrupts,
        Map<String, Object> runtime,
        Instant createdAt) {

    public Checkpoint {
        values = values == null ? Map.of() : values;
        next = next == null ? List.of() : List.copyOf(next);
        metadata = metadata == null ? Map.of() : metadata;
        interrupts = interrupts == null ? List.of() : List.copyOf(interrupts);
        runtime = runtime == null ? Map.of() : runtime;
    }
}
