package io.spool.langchain4j;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import dev.langchain4j.service.tool.ToolExecutor;
import io.spool.langgraph4j.JsonText;
import org.bsc.langgraph4j.RunnableConfig;
import org.bsc.langgraph4j.action.NodeActionWithConfig;
import org.bsc.langgraph4j.state.AgentState;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A LangGraph4j node that runs the tool calls of the last AI message with LangChain4j tools and appends one
 * {@code tool} message per call, as LangGraph's {@code ToolNode} does. A call of an unknown tool, or one whose tool
 * throws, becomes a tool message with {@code status: "error"} for the model to read.
 */
public final class ToolNode implements NodeActionWithConfig<AgentState> {

    private final Map<String, ToolSpecification> specifications = new LinkedHashMap<>();
    private final Map<String, ToolExecutor> executors = new LinkedHashMap<>();

    private ToolNode() {
    }

    /** The {@code @Tool} methods of each object. */
    public static ToolNode of(Object... toolObjects) {
        ToolNode node = new ToolNode();
        for (Object tools : toolObjects) {
            for (Method method : tools.getClass().getDeclaredMethods()) {
                if (!method.isAnnotationPresent(Tool.class)) continue;
                node.add(ToolSpecifications.toolSpecificationFrom(method), new DefaultToolExecutor(tools, method));
            }
        }
        return node;
    }

    /** Adds a tool given by its specification and the code that runs it. */
    public ToolNode add(ToolSpecification specification, ToolExecutor executor) {
        specifications.put(specification.name(), specification);
        executors.put(specification.name(), executor);
        return this;
    }

    /** What to tell the model about the tools ({@link ChatModelNode#tools}). */
    public List<ToolSpecification> specifications() {
        return List.copyOf(specifications.values());
    }

    @Override
    public Map<String, Object> apply(AgentState state, RunnableConfig config) {
        List<?> messages = state.<List<?>>value("messages").orElse(List.of());
        List<Object> results = new ArrayList<>();
        if (messages.isEmpty() || !(messages.getLast() instanceof Map<?, ?> last)
                || !(last.get("tool_calls") instanceof List<?> calls)) {
            return Map.of("messages", results);
        }
        for (Object item : calls) {
            if (!(item instanceof Map<?, ?> call)) continue;
            String name = String.valueOf(call.get("name"));
            String id = String.valueOf(call.get("id"));
            ToolExecutor executor = executors.get(name);
            if (executor == null) {
                results.add(toolMessage("Error: " + name + " is not a valid tool, try one of " + executors.keySet(),
                        name, id, "error"));
                continue;
            }
            var request = ToolExecutionRequest.builder().id(id).name(name)
                    .arguments(JsonText.of(call.get("args") == null ? Map.of() : call.get("args"))).build();
            try {
                results.add(toolMessage(executor.execute(request, config.threadId().orElse(null)), name, id, "success"));
            } catch (RuntimeException failure) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                results.add(toolMessage("Error: " + cause.getMessage(), name, id, "error"));
            }
        }
        return Map.of("messages", results);
    }

    /** A tool message in LangChain's serialized shape. */
    private static Map<String, Object> toolMessage(String content, String name, String toolCallId, String status) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("content", content);
        message.put("additional_kwargs", new LinkedHashMap<>());
        message.put("response_metadata", new LinkedHashMap<>());
        message.put("type", "tool");
        message.put("name", name);
        message.put("id", UUID.randomUUID().toString());
        message.put("tool_call_id", toolCallId);
        message.put("artifact", null);
        message.put("status", status);
        return message;
    }
}
