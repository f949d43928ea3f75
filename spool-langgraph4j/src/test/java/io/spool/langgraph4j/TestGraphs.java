package io.spool.langgraph4j;

import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.action.NodeActionWithConfig;
import org.bsc.langgraph4j.state.AgentState;
import org.bsc.langgraph4j.state.Channels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.bsc.langgraph4j.StateGraph.END;
import static org.bsc.langgraph4j.StateGraph.START;
import static org.bsc.langgraph4j.action.AsyncEdgeAction.edge_async;
import static org.bsc.langgraph4j.action.AsyncNodeActionWithConfig.node_async;

/** Small mirrors of the example graphs (which live in spool-examples, downstream of this module). */
final class TestGraphs {

    private TestGraphs() {
    }

    static StateGraph<AgentState> agent() throws GraphStateException {
        var graph = new StateGraph<>(Map.of("items", Channels.<String>appenderWithDuplicate(ArrayList::new)),
                AgentState::new);
        for (String name : List.of("step1", "step2", "step3")) graph.addNode(name, node_async(agentStep(name)));
        return graph.addEdge(START, "step1").addEdge("step1", "step2").addEdge("step2", "step3").addEdge("step3", END);
    }

    private static NodeActionWithConfig<AgentState> agentStep(String name) {
        return (state, config) -> {
            if (name.equals(SpoolConfig.configurable(config).get("fail_at"))) {
                throw new RuntimeException("boom in " + name);
            }
            var writer = SpoolConfig.writer(config);
            int itemCount = state.<List<?>>value("items").orElse(List.of()).size();
            writer.custom(ordered("node", name, "phase", "start", "n_items", itemCount));
            Thread.sleep(SpoolConfig.configurableLong(config, "delay_ms", 200));
            writer.custom(ordered("node", name, "phase", "end"));
            return Map.of("items", List.of(name));
        };
    }

    /** prepare → ask (interrupts) → finish; {@code asks} interrupts made by ask in one execution. */
    static StateGraph<AgentState> hitl(int asks) throws GraphStateException {
        var graph = new StateGraph<>(Map.of("items", Channels.<String>appenderWithDuplicate(ArrayList::new)),
                new PlainStateSerializer<>(AgentState::new));
        graph.addNode("prepare", node_async((state, config) -> Map.of("items", List.of("prepare"))));
        graph.addNode("ask", node_async((state, config) -> {
            List<Object> answers = new ArrayList<>();
            for (int i = 0; i < asks; i++) {
                answers.add(SpoolInterrupt.interrupt(config,
                        ordered("question", "approve?", "items_so_far", state.value("items").orElse(List.of()))));
            }
            Map<String, Object> update = new HashMap<>();
            update.put("items", List.of("ask"));
            update.put("answer", asks == 1 ? answers.getFirst() : answers);
            return update;
        }));
        graph.addNode("finish", node_async((state, config) ->
                Map.of("items", List.of("finish:" + state.value("answer").orElse(null)))));
        return graph.addEdge(START, "prepare").addEdge("prepare", "ask")
                .addEdge("ask", "finish").addEdge("finish", END);
    }

    static StateGraph<AgentState> chat() throws GraphStateException {
        var graph = new StateGraph<>(Map.of("messages", MessagesChannel.create()),
                new PlainStateSerializer<>(AgentState::new));
        graph.addNode("model", node_async((state, config) -> {
            var reply = AiMessageStream.start(config, Map.of("ls_provider", "FakeListChatModel"));
            for (char c : "Hello!".toCharArray()) reply.chunk(String.valueOf(c));
            return Map.of("messages", List.of(reply.message()));
        }));
        return graph.addEdge(START, "model").addEdge("model", END);
    }

    /**
     * {@code model → tools → model}: the model streams "Checking." and a tool call, then, after the tool message,
     * "Done."; {@code tools} returns the whole conversation with a tool message (without id) added.
     */
    static StateGraph<AgentState> toolLoop() throws GraphStateException {
        var graph = new StateGraph<>(Map.of("messages", MessagesChannel.create()),
                new PlainStateSerializer<>(AgentState::new));
        graph.addNode("model", node_async((state, config) -> {
            var reply = AiMessageStream.start(config);
            if (lastMessage(state).get("type").equals("tool")) {
                reply.chunk("Done.");
            } else {
                reply.chunk("Checking.");
                reply.toolCall("call_1", "lookup", ordered("q", "x"));
            }
            return Map.of("messages", List.of(reply.message()));
        }));
        graph.addNode("tools", node_async((state, config) -> {
            List<Object> all = new ArrayList<>(state.<List<Object>>value("messages").orElseThrow());
            all.add(ordered("content", "found", "type", "tool", "tool_call_id", "call_1", "name", "lookup"));
            return Map.of("messages", all);
        }));
        return graph.addEdge(START, "model")
                .addConditionalEdges("model", edge_async(state ->
                        ((List<?>) lastMessage(state).get("tool_calls")).isEmpty() ? END : "tools"),
                        Map.of("tools", "tools", END, END))
                .addEdge("tools", "model");
    }

    private static Map<?, ?> lastMessage(AgentState state) {
        return (Map<?, ?>) state.<List<?>>value("messages").orElseThrow().getLast();
    }

    static StateGraph<AgentState> burst() throws GraphStateException {
        var graph = new StateGraph<>(Map.of(), AgentState::new);
        graph.addNode("emit", node_async((state, config) -> {
            long count = SpoolConfig.configurableLong(config, "count", 2000);
            var writer = SpoolConfig.writer(config);
            for (int i = 0; i < count; i++) writer.custom(Map.of("i", i));
            return Map.of("emitted", count);
        }));
        return graph.addEdge(START, "emit").addEdge("emit", END);
    }

    /**
     * {@code plan → research → report}, where {@code research} is a compiled subgraph {@code search → summarize};
     * {@code summarize} asks for a review first when {@code configurable.review} is set, and streams its summary.
     */
    static StateGraph<AgentState> research() throws GraphStateException {
        var subgraph = new StateGraph<>(Map.of("messages", MessagesChannel.create()),
                new PlainStateSerializer<>(AgentState::new));
        subgraph.addNode("search", node_async((state, config) -> {
            String topic = state.<String>value("topic").orElse("?");
            SpoolConfig.writer(config).custom(ordered("searching", topic));
            return Map.of("findings", List.of(topic + " has nodes", topic + " has edges"));
        }));
        subgraph.addNode("summarize", node_async((state, config) -> {
            Map<String, Object> update = new LinkedHashMap<>();
            if (SpoolConfig.configurable(config).get("review") != null) {
                update.put("review", SpoolInterrupt.interrupt(config, ordered("question", "keep these findings?",
                        "findings", state.value("findings").orElse(List.of()))));
            }
            var reply = AiMessageStream.start(config);
            for (String word : List.of("Two", " findings.")) reply.chunk(word);
            update.put("summary", reply.message().get("content"));
            update.put("messages", List.of(reply.message()));
            return update;
        }));
        subgraph.addEdge(START, "search").addEdge("search", "summarize").addEdge("summarize", END);
        var graph = new StateGraph<>(Map.of("messages", MessagesChannel.create()),
                new PlainStateSerializer<>(AgentState::new));
        graph.addNode("plan", node_async((state, config) -> Map.of("plan", "research " + state.value("topic")
                .orElse("?"))));
        graph.addNode("research", subgraph.compile());
        graph.addNode("report", node_async((state, config) -> Map.of("report", "Report: " + state.value("summary")
                .orElse("?"))));
        return graph.addEdge(START, "plan").addEdge("plan", "research").addEdge("research", "report")
                .addEdge("report", END);
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return map;
    }
}
