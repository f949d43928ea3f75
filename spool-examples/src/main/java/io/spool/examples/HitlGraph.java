package io.spool.examples;

import io.spool.langgraph4j.JsonText;
import io.spool.langgraph4j.PlainStateSerializer;
import io.spool.langgraph4j.SpoolInterrupt;
import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.StateGraph;
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
 * Human in the loop, {@code prepare → ask → finish}: {@code ask} pauses with a question; the value sent with
 * {@code {"command": {"resume": ...}}} becomes {@code answer}, which {@code finish} records as JSON text.
 */
public final class HitlGraph {

    public static final StateGraph<AgentState> graph = build();

    private HitlGraph() {
    }

    private static StateGraph<AgentState> build() {
        try {
            var graph = new StateGraph<>(Map.of("items", Channels.<String>appenderWithDuplicate(ArrayList::new)),
                    new PlainStateSerializer<>(AgentState::new));
            graph.addNode("prepare", node_async((state, config) -> Map.of("items", List.of("prepare"))));
            graph.addNode("ask", node_async((state, config) -> {
                Map<String, Object> question = new LinkedHashMap<>();
                question.put("question", "approve?");
                question.put("items_so_far", state.value("items").orElse(List.of()));
                Object answer = SpoolInterrupt.interrupt(config, question);
                Map<String, Object> update = new LinkedHashMap<>(); // the answer may be null: no Map.of
                update.put("items", List.of("ask"));
                update.put("answer", answer);
                return update;
            }));
            graph.addNode("finish", node_async((state, config) ->
                    Map.of("items", List.of("finish:" + JsonText.of(state.value("answer").orElse(null))))));
            return graph.addEdge(START, "prepare")
                    .addEdge("prepare", "ask")
                    .addEdge("ask", "finish")
                    .addEdge("finish", END);
        } catch (GraphStateException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
