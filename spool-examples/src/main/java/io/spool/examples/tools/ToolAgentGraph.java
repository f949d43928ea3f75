package io.spool.examples.tools;

import io.spool.langgraph4j.AiMessageStream;
import io.spool.langgraph4j.MessagesChannel;
import io.spool.langgraph4j.PlainStateSerializer;
import io.spool.langgraph4j.SpoolConfig;
import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.RunnableConfig;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.state.AgentState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.bsc.langgraph4j.StateGraph.END;
import static org.bsc.langgraph4j.StateGraph.START;
import static org.bsc.langgraph4j.action.AsyncEdgeAction.edge_async;
import static org.bsc.langgraph4j.action.AsyncNodeActionWithConfig.node_async;

/**
 * A tool-using agent, the LangGraph way ({@code create_react_agent}'s loop), with a {@link ScriptedChatModel} in
 * place of an LLM:
 *
 * <pre>
 *   START → model ─(last AI message has tool_calls)→ tools → model
 *                 └─(otherwise)→ END
 * </pre>
 *
 * <p>State {@code {messages}} with LangGraph's {@code add_messages} semantics. {@code model} streams its text token
 * by token (the {@code messages-tuple} stream mode), {@code configurable.token_delay_ms} apart (default 10), then
 * its tool calls, one chunk each, and returns the AI message with its {@code tool_calls}; {@code tools} runs each
 * call ({@code get_weather}, {@code add}) and appends one {@code tool} message per call, which the
 * {@code messages-tuple} stream carries whole. Run with {@code interrupt_before: ["tools"]} to approve
 * tool calls before they run.
 *
 * <p>Served from {@code spool-examples/tool-agent.json}: {@code ./spool serve --config spool-examples/tool-agent.json}.
 */
public final class ToolAgentGraph {

    /** What a LangChain chat model adds to the metadata of its chunks. */
    private static final Map<String, Object> MODEL_METADATA = Map.of(
            "ls_provider", "scripted",
            "ls_model_name", "scripted-chat-model",
            "ls_model_type", "chat");
    private static final ScriptedChatModel MODEL = new ScriptedChatModel();

    public static final StateGraph<AgentState> graph = build();

    private ToolAgentGraph() {
    }

    private static StateGraph<AgentState> build() {
        try {
            var graph = new StateGraph<>(Map.of("messages", MessagesChannel.create()),
                    new PlainStateSerializer<>(AgentState::new));
            graph.addNode("model", node_async(ToolAgentGraph::callModel));
            graph.addNode("tools", node_async(ToolAgentGraph::runTools));
            return graph.addEdge(START, "model")
                    .addConditionalEdges("model",
                            edge_async(state -> toolCalls(lastMessage(state)).isEmpty() ? END : "tools"),
                            Map.of("tools", "tools", END, END))
                    .addEdge("tools", "model");
        } catch (GraphStateException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Map<String, Object> callModel(AgentState state, RunnableConfig config) throws InterruptedException {
        ScriptedChatModel.Reply reply = MODEL.respond(messages(state));
        long delayMs = SpoolConfig.configurableLong(config, "token_delay_ms", 10);
        var stream = AiMessageStream.start(config, MODEL_METADATA);
        for (String token : reply.tokens()) {
            if (delayMs > 0) Thread.sleep(delayMs);
            stream.chunk(token);
        }
        for (Map<String, Object> call : reply.toolCalls()) streamToolCall(stream, call);
        Map<String, Object> message = stream.message();
        Map<String, Object> responseMetadata = new LinkedHashMap<>();
        responseMetadata.put("finish_reason", reply.toolCalls().isEmpty() ? "stop" : "tool_calls");
        responseMetadata.put("model_name", "scripted-chat-model");
        message.put("response_metadata", responseMetadata);
        return Map.of("messages", List.of(message));
    }

    /** A model streams its tool calls after its text, each in one chunk. */
    @SuppressWarnings("unchecked")
    private static void streamToolCall(AiMessageStream stream, Map<String, Object> call) {
        stream.toolCall((String) call.get("id"), (String) call.get("name"), (Map<String, Object>) call.get("args"));
    }

    /** Runs every tool call of the last AI message; a failing call becomes a tool message with status error. */
    private static Map<String, Object> runTools(AgentState state, RunnableConfig config) {
        List<Object> results = new ArrayList<>();
        for (Map<?, ?> call : toolCalls(lastMessage(state))) {
            String name = String.valueOf(call.get("name"));
            Map<?, ?> args = call.get("args") instanceof Map<?, ?> map ? map : Map.of();
            try {
                results.add(toolMessage(Tools.call(name, args), name, call.get("id"), "success"));
            } catch (IllegalArgumentException e) {
                results.add(toolMessage("Error: " + e.getMessage(), name, call.get("id"), "error"));
            }
        }
        return Map.of("messages", results);
    }

    /** A tool message in LangChain's serialized shape. */
    private static Map<String, Object> toolMessage(String content, String name, Object toolCallId, String status) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("content", content);
        message.put("additional_kwargs", new LinkedHashMap<>());
        message.put("response_metadata", new LinkedHashMap<>());
        message.put("type", "tool");
        message.put("name", name);
        message.put("id", UUID.randomUUID().toString()); // LangGraph gives it one before streaming it
        message.put("tool_call_id", toolCallId);
        message.put("artifact", null);
        message.put("status", status);
        return message;
    }

    private static List<?> messages(AgentState state) {
        return state.<List<?>>value("messages").orElse(List.of());
    }

    private static Map<?, ?> lastMessage(AgentState state) {
        List<?> messages = messages(state);
        return messages.isEmpty() ? Map.of() : (Map<?, ?>) messages.getLast();
    }

    private static List<Map<?, ?>> toolCalls(Map<?, ?> message) {
        if (!"ai".equals(message.get("type")) || !(message.get("tool_calls") instanceof List<?> calls)) return List.of();
        List<Map<?, ?>> result = new ArrayList<>();
        for (Object call : calls) if (call instanceof Map<?, ?> map) result.add(map);
        return result;
    }
}
