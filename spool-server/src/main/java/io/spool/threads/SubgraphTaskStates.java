package io.spool.threads;

import io.spool.graph.Checkpoint;
import io.spool.graph.SpoolGraph;
import io.spool.graph.SubgraphState;
import io.spool.wire.Views;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code state} of the tasks of a thread state that run subgraphs, as LangGraph shows it: where the subgraph's
 * checkpoints are ({@code {"configurable": {"thread_id", "checkpoint_ns": "<node>:<task id>"}}}), or, when asked with
 * {@code subgraphs=true}, the subgraph's own state there.
 */
final class SubgraphTaskStates {

    private SubgraphTaskStates() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> fill(Map<String, Object> view, String threadId, Checkpoint c, SpoolGraph graph,
                                    boolean subgraphs) {
        if (c == null || graph == null || graph.subgraphs().isEmpty()) return view;
        for (Object item : (List<Object>) view.get("tasks")) {
            Map<String, Object> task = (Map<String, Object>) item;
            String node = (String) task.get("name");
            if (!graph.subgraphs().containsKey(node)) continue;
            String namespace = node + ":" + task.get("id");
            task.put("state", subgraphs
                    ? stateOf(threadId, namespace, graph.subgraphState(c, node).orElse(null))
                    : Map.of("configurable", Map.of("thread_id", threadId, "checkpoint_ns", namespace)));
        }
        return view;
    }

    /** The subgraph's state as a ThreadState in its namespace; an empty one when it has none. */
    private static Map<String, Object> stateOf(String threadId, String namespace, SubgraphState s) {
        Checkpoint c = s == null ? null : new Checkpoint(threadId, s.checkpointId(), null, s.values(), s.next(),
                s.metadata(), s.interrupts(), Map.of(), s.createdAt());
        Map<String, Object> view = new LinkedHashMap<>(Views.state(threadId, c));
        view.put("checkpoint", Views.checkpointConfig(threadId, namespace, s == null ? null : s.checkpointId()));
        return view;
    }
}
