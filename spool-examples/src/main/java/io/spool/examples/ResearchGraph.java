package io.spool.examples;

import io.spool.langgraph4j.AiMessageStream;
import io.spool.langgraph4j.MessagesChannel;
import io.spool.langgraph4j.PlainStateSerializer;
import io.spool.langgraph4j.SpoolConfig;
import io.spool.langgraph4j.SpoolInterrupt;
import org.bsc.langgraph4j.CompiledGraph;
import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.state.AgentState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.bsc.langgraph4j.StateGraph.END;
import static org.bsc.langgraph4j.StateGraph.START;
import static org.bsc.langgraph4j.action.AsyncNodeActionWithConfig.node_async;

/**
 * A graph with a subgraph, {@code plan → research → report}, where {@code research} is a compiled graph,
 * {@code search → summarize}, run as a node (LangGraph's subgraph):
 * <ul>
 *   <li>{@code plan} records {@code plan} for the input's {@code topic};</li>
 *   <li>{@code search} emits a custom event {@code {searching: topic}} and records two {@code findings};</li>
 *   <li>{@code summarize}, when {@code configurable.review} is set, first pauses with
 *       {@code {question, findings}} and records the resume value as {@code review}; then streams its
 *       {@code summary} as an AI message (the {@code messages-tuple} mode) and appends it to {@code messages};</li>
 *   <li>{@code report} records {@code report}.</li>
 * </ul>
 * Run with {@code stream_subgraphs: true} to stream what happens inside {@code research} as
 * {@code <mode>|research:<task id>} events.
 */
public final class ResearchGraph {

    public static final StateGraph<AgentState> graph = build();

    private ResearchGraph() {
    }

    private static StateGraph<AgentState> build() {
        try {
            var graph = newGraph();
            graph.addNode("plan", node_async((state, config) -> Map.of("plan", "research " + topic(state))));
            graph.addNode("research", research());
            graph.addNode("report", node_async((state, config) ->
                    Map.of("report", "Report on " + topic(state) + ": " + state.value("summary").orElse(""))));
            return graph.addEdge(START, "plan")
                    .addEdge("plan", "research")
                    .addEdge("research", "report")
                    .addEdge("report", END);
        } catch (GraphStateException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The subgraph; it shares the parent's state, and what it ends with is the {@code research} node's update. */
    private static CompiledGraph<AgentState> research() throws GraphStateException {
        var research = newGraph();
        research.addNode("search", node_async((state, config) -> {
            SpoolConfig.writer(config).custom(Map.of("searching", topic(state)));
            return Map.of("findings", List.of(topic(state) + " has nodes", topic(state) + " has edges"));
        }));
        research.addNode("summarize", node_async((state, config) -> {
            Map<String, Object> update = new LinkedHashMap<>();
            if (SpoolConfig.configurable(config).get("review") != null) {
                Map<String, Object> question = new LinkedHashMap<>();
                question.put("question", "keep these findings?");
                question.put("findings", state.value("findings").orElse(List.of()));
                update.put("review", SpoolInterrupt.interrupt(config, question));
            }
            var summary = AiMessageStream.start(config);
            for (String word : List.of("Found", " two", " facts", " about", " " + topic(state) + ".")) {
                summary.chunk(word);
            }
            update.put("summary", summary.message().get("content"));
            update.put("messages", List.of(summary.message()));
            return update;
        }));
        return research.addEdge(START, "search")
                .addEdge("search", "summarize")
                .addEdge("summarize", END)
                .compile();
    }

    /** {@code messages} with LangGraph's add_messages semantics; every other key keeps the last value written. */
    private static StateGraph<AgentState> newGraph() {
        return new StateGraph<>(Map.of("messages", MessagesChannel.create()), new PlainStateSerializer<>(AgentState::new));
    }

    private static String topic(AgentState state) {
        return state.<String>value("topic").orElse("nothing");
    }
}
