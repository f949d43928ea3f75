package io.spool.graph;

import java.util.List;
import java.util.Map;

/**
 * A checkpoint a runtime asks the server to save.
 *
 * @param values     the full state after the step
 * @param next       the nodes that would run next (empty when the graph has finished)
 * @param source     {@code input}, {@code loop}, {@code update} or {@code fork}
 * @param step       the super-step number ({@code -1} for the input checkpoint)
 * @param interrupts interrupts pending at this checkpoint (empty unless the graph paused on one)
 * @param runtime    opaque data the runtime needs to resume from here (for example the node that just ran);
 *                   stored and returned as is, never shown to clients
 */
public record CheckpointDraft(
        Map<String, Object> values,
        List<String> next,
        String source,
        int step,
        List<Interrupt> interrupts,
        Map<String, Object> runtime) {

    public CheckpointDraft {
        values = values == null ? Map.of() : values;
        next = next == null ? List.of() : List.copyOf(next);
        interrupts = interrupts == null ? List.of() : List.copyOf(interrupts);
        runtime = runtime == null ? Map.of() : runtime;
    }
}
