package io.spool.examples;

import io.spool.langgraph4j.PlainStateSerializer;
import io.spool.langgraph4j.SpoolConfig;
import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.action.NodeActionWithConfig;
import org.bsc.langgraph4j.state.AgentState;
import org.bsc.langgraph4j.state.Channels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.bsc.langgraph4j.StateGraph.END;
import static org.bsc.langgraph4j.StateGraph.START;
import static org.bsc.langgraph4j.action.AsyncNodeActionWithConfig.node_async;

/**
 * Deterministic three-step graph, {@code step1 → step2 → step3}: each node appends its name to {@code items}, emits
 * a custom event, sleeps {@code configurable.delay_ms} (default 200) so streaming can be watched, and emits another.
 * {@code configurable.fail_at} names a node that throws instead.
 */
public final class AgentGraph {

    public static final StateGraph<State> graph = build();

    /** The agent's state; its typed accessor gives {@code items} its type in the graph's JSON schemas. */
    public static final class State extends AgentState {

        public State(Map<String, Object> data) {
            super(data);
        }

        /** The input's items and the name of each step that ran, in order. */
        public List<String> items() {
            return this.<List<String>>value("items").orElse(List.of());
        }
    }

    private AgentGraph() {
    }

    private static StateGraph<State> build() {
        try {
            // appends every item, duplicates included: a second run on a thread adds its items again
            var graph = new StateGraph<>(Map.of("items", Channels.<String>appenderWithDuplicate(ArrayList::new)),
                    new PlainStateSerializer<>(State::new));
            for (String name : List.of("step1", "step2", "step3")) graph.addNode(name, node_async(step(name)));
            return graph.addEdge(START, "step1")
                    .addEdge("step1", "step2")
                    .addEdge("step2", "step3")
                    .addEdge("step3", END);
        } catch (GraphStateException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static NodeActionWithConfig<State> step(String name) {
        return (state, config) -> {
            long delayMs = SpoolConfig.configurableLong(config, "delay_ms", 200);
            if (name.equals(SpoolConfig.configurable(config).get("fail_at"))) {
                throw new RuntimeException("boom in " + name);
            }
            var writer = SpoolConfig.writer(config);
            writer.custom(progress(name, "start", state.items().size()));
            Thread.sleep(delayMs);
            writer.custom(progress(name, "end", null));
            return Map.of("items", List.of(name));
        };
    }

    /** {@code {node, phase, n_items}} in that order, as the reference server prints it. */
    private static Map<String, Object> progress(String node, String phase, Integer itemCount) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("node", node);
        event.put("phase", phase);
        if (itemCount != null) event.put("n_items", itemCount);
        return event;
    }
}
