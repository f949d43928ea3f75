package io.spool.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A graph the server can host: the whole graph runtime SPI seen from the server's side.
 *
 * <p>Implementations describe themselves (for {@code /assistants/{id}/graph}) and run. A run reads and writes
 * state only through the {@link Checkpointer} it is handed, which the server owns, so state, history, forks and
 * interrupts live in Spool's storage whatever the runtime.
 */
public interface SpoolGraph {

    /** Nodes and edges, for {@code GET /assistants/{id}/graph}. */
    GraphShape shape();

    /**
     * Runs the graph on {@code run.checkpointer()}'s thread until it ends, pauses on an interrupt, or is cancelled.
     *
     * <p>Contract:
     * <ul>
     *   <li>Start from {@code checkpointer().latest()} (empty on a new thread); apply {@code input} through the
     *       state's reducers, or, when {@code command()} is set, resume as it says.</li>
     *   <li>Save a checkpoint after the input is applied and after every super-step; the last saved checkpoint is the
     *       thread's state. A pause leaves the newest checkpoint's {@code next} not empty; a pause on an interrupt
     *       also records what is pending there with {@link Checkpointer#pause} (no new checkpoint). Then return
     *       normally.</li>
     *   <li>Emit events through {@code writer()}; ask {@link StreamWriter#wants} before building costly payloads.</li>
     *   <li>Poll {@code isCancelled()} between steps; the worker thread is also interrupted on cancel, so a blocking
     *       wait may end with {@link InterruptedException}. Either way, stop promptly.</li>
     *   <li>Throw on failure: the server reports the exception as the run's {@code error} event.</li>
     * </ul>
     */
    void run(GraphRun run) throws Exception;

    /**
     * The full state after applying {@code update} to {@code current} through the graph's reducers (for
     * {@code POST /threads/{id}/state}). The default replaces key by key; runtimes with reducers override it.
     */
    default Map<String, Object> applyUpdate(Map<String, Object> current, Map<String, Object> update) {
        return mergeKeys(current, update);
    }

    /**
     * JSON schemas for {@code GET /assistants/{id}/schemas}, under any of the keys {@code input_schema},
     * {@code output_schema}, {@code state_schema}, {@code config_schema}, {@code context_schema}; missing keys are
     * served as a generic object schema.
     */
    default Map<String, Object> schemas() {
        return Map.of();
    }

    /**
     * The graphs this graph runs as nodes (LangGraph's subgraphs), by node name, for
     * {@code GET /assistants/{id}/subgraphs}; each may have subgraphs of its own.
     */
    default Map<String, SpoolGraph> subgraphs() {
        return Map.of();
    }

    /**
     * The state of the subgraph that {@code node} (one of {@link #subgraphs()}) was running when the graph paused at
     * {@code checkpoint}; empty when that subgraph has no state there (it has not started, or has finished).
     */
    default Optional<SubgraphState> subgraphState(Checkpoint checkpoint, String node) {
        return Optional.empty();
    }

    /** {@code current} with every key of {@code update} replaced. */
    static Map<String, Object> mergeKeys(Map<String, Object> current, Map<String, Object> update) {
        Map<String, Object> merged = new LinkedHashMap<>(current);
        merged.putAll(update);
        return merged;
    }
}
