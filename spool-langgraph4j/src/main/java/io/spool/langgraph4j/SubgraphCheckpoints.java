package io.spool.langgraph4j;

import io.spool.graph.Checkpoint;
import io.spool.graph.Interrupt;
import io.spool.graph.SubgraphState;
import org.bsc.langgraph4j.StateGraph;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The checkpoints of the subgraphs a run executes. LangGraph keeps them in the thread's checkpointer under the
 * namespace of the task running the subgraph ({@code research:<task id>}); here a subgraph's newest checkpoint is
 * kept while the run lasts, and when the run pauses inside a subgraph it is stored with the root checkpoint the run
 * pauses at (in its runtime data), so that the resume goes on inside the subgraph where it stopped and the paused
 * subgraph's state can be shown.
 */
final class SubgraphCheckpoints {

    /** Runtime key of a root checkpoint: the newest checkpoint of each subgraph left unfinished by a pause. */
    static final String RUNTIME_KEY = "subgraphs";

    /** A subgraph checkpoint: LangGraph4j's (id, state, node, next node) and the subgraph's super-step. */
    record Saved(String id, Map<String, Object> state, String node, String next, int step, long createdAtMillis) {

        org.bsc.langgraph4j.checkpoint.Checkpoint toLangGraph4j() {
            return org.bsc.langgraph4j.checkpoint.Checkpoint.builder()
                    .id(id).state(PlainStateSerializer.copy(state)).nodeId(node).nextNodeId(next).build();
        }

        Map<String, Object> toRuntime() {
            Map<String, Object> runtime = new LinkedHashMap<>();
            runtime.put("id", id);
            runtime.put("state", state);
            runtime.put("node", node);
            runtime.put("next", next);
            runtime.put("step", step);
            runtime.put("created_at", createdAtMillis);
            return runtime;
        }

        @SuppressWarnings("unchecked")
        static Optional<Saved> fromRuntime(Object stored) {
            if (!(stored instanceof Map<?, ?> map)) return Optional.empty();
            return Optional.of(new Saved((String) map.get("id"), (Map<String, Object>) map.get("state"),
                    (String) map.get("node"), (String) map.get("next"), ((Number) map.get("step")).intValue(),
                    ((Number) map.get("created_at")).longValue()));
        }
    }

    private final Map<String, Saved> live = new ConcurrentHashMap<>();
    /** What the checkpoint the run started from holds: subgraphs a resume goes on with. */
    private final Map<?, ?> paused;

    SubgraphCheckpoints(Checkpoint startedFrom) {
        this.paused = startedFrom != null && startedFrom.runtime().get(RUNTIME_KEY) instanceof Map<?, ?> map
                ? map : Map.of();
    }

    /**
     * The newest checkpoint of the subgraph run by {@code owner}; the one stored at a pause only when
     * {@code resuming} (a new execution of the subgraph starts afresh, as in LangGraph).
     */
    Optional<Saved> newest(NodeTask owner, boolean resuming) {
        Saved saved = live.get(key(owner));
        if (saved != null || !resuming) return Optional.ofNullable(saved);
        return Saved.fromRuntime(paused.get(key(owner)));
    }

    Saved save(NodeTask owner, org.bsc.langgraph4j.checkpoint.Checkpoint checkpoint, boolean resuming) {
        int step = newest(owner, resuming).map(previous -> previous.step() + 1).orElse(0);
        var saved = new Saved(UUID.randomUUID().toString(), PlainStateSerializer.copy(checkpoint.getState()),
                checkpoint.getNodeId(), checkpoint.getNextNodeId(), step, System.currentTimeMillis());
        live.put(key(owner), saved);
        return saved;
    }

    /** The runtime entry that keeps, with a pause, every subgraph the pause leaves unfinished. */
    Map<String, Object> unfinished() {
        Map<String, Object> unfinished = new LinkedHashMap<>();
        live.forEach((key, saved) -> {
            if (!StateGraph.END.equals(saved.next())) unfinished.put(key, saved.toRuntime());
        });
        return unfinished;
    }

    /**
     * The state of the subgraph run by {@code node} of the root graph, paused at {@code root}: its checkpoint as
     * stored there, with the pending interrupts of {@code node}'s task, raised by {@code pausedPath}'s subgraph node.
     */
    static Optional<SubgraphState> stateAt(Checkpoint root, String node, List<String> pausedPath) {
        if (!(root.runtime().get(RUNTIME_KEY) instanceof Map<?, ?> stored)) return Optional.empty();
        for (var entry : stored.entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (!key.startsWith(node + ":") || key.contains("|")) continue;
            return Saved.fromRuntime(entry.getValue()).map(saved -> {
                String inner = pausedPath.size() > 1 && pausedPath.getFirst().equals(node) ? pausedPath.get(1) : null;
                List<Interrupt> interrupts = root.interrupts().stream().filter(i -> node.equals(i.node()))
                        .map(i -> new Interrupt(i.id(), i.value(), inner)).toList();
                Map<String, Object> metadata = new LinkedHashMap<>();
                metadata.put("source", "loop");
                metadata.put("step", saved.step());
                metadata.put("parents", Map.of("", root.checkpointId()));
                List<String> next = StateGraph.END.equals(saved.next()) ? List.of()
                        : List.of(GraphShapes.spoolName(saved.next()));
                return new SubgraphState(saved.id(), saved.state(), next, interrupts, metadata,
                        Instant.ofEpochMilli(saved.createdAtMillis()));
            });
        }
        return Optional.empty();
    }

    private static String key(NodeTask owner) {
        return String.join("|", owner.innerNamespace());
    }
}
