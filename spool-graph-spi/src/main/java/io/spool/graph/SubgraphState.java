package io.spool.graph;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The state of a subgraph that a task of the root graph was running when the root graph paused there: LangGraph's
 * subgraph checkpoint, under checkpoint namespace {@code <node>:<task id>}. Shown under the task's {@code state} by
 * {@code GET /threads/{id}/state?subgraphs=true}.
 *
 * @param next       the subgraph's nodes that run next
 * @param interrupts the interrupts pending inside the subgraph ({@link Interrupt#node()} names subgraph nodes)
 * @param metadata   the subgraph checkpoint's {@code source}, {@code step} and {@code parents}
 */
public record SubgraphState(
        String checkpointId,
        Map<String, Object> values,
        List<String> next,
        List<Interrupt> interrupts,
        Map<String, Object> metadata,
        Instant createdAt) {

    public SubgraphState {
        values = values == null ? Map.of() : values;
        next = next == null ? List.of() : List.copyOf(next);
        interrupts = interrupts == null ? List.of() : List.copyOf(interrupts);
        metadata = metadata == null ? Map.of() : metadata;
    }
}
