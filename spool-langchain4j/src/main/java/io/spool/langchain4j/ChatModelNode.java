package io.spool.langchain4j;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.TokenUsage;
import io.spool.langgraph4j.AiMessageStream;
import io.spool.langgraph4j.SpoolConfig;
import org.bsc.langgraph4j.RunnableConfig;
import org.bsc.langgraph4j.action.NodeActionWithConfig;
import org.bsc.langgraph4j.state.AgentState;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A LangGraph4j node that answers the {@code messages} channel with a LangChain4j chat model and appends the AI
 * message, as a LangChain chat model node does in LangGraph. With a {@link StreamingChatModel} every token reaches
 * the {@code messages-tuple} stream as it arrives and tool calls stream as {@code tool_call_chunks}; the message in
 * the state has the streamed id, its whole {@code tool_calls}, {@code usage_metadata} and {@code response_metadata}.
 * A cancelled run cancels the model's stream.
 *
 * <pre>{@code
 * graph.addNode("model", node_async(ChatModelNode.streaming(model).tools(ToolNode.of(new MyTools()).specifications())));
 * }</pre>
 */
public final class ChatModelNode implements NodeActionWithConfig<AgentState> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How often a node waiting for its model looks whether the run was cancelled. */
    private static final long CANCEL_POLL_MS = 50;

    private final StreamingChatModel streaming;
    private final ChatModel blocking;
    private final List<ToolSpecification> tools;
    private final String systemPrompt;
    private final Map<String, Object> modelMetadata;

    private ChatModelNode(StreamingChatModel streaming, ChatModel blocking, List<ToolSpecification> tools,
                          String systemPrompt, Map<String, Object> modelMetadata) {
        this.streaming = streaming;
        this.blocking = blocking;
        this.tools = tools;
        this.systemPrompt = systemPrompt;
        this.modelMetadata = modelMetadata;
    }

    /** A node streaming {@code model}'s answer token by token. */
    public static ChatModelNode streaming(StreamingChatModel model) {
        return new ChatModelNode(model, null, List.of(), null, Map.of("ls_model_type", "chat"));
    }

    /** A node with a model that answers in one piece: the whole message is streamed as one chunk. */
    public static ChatModelNode of(ChatModel model) {
        return new ChatModelNode(null, model, List.of(), null, Map.of("ls_model_type", "chat"));
    }

    /** The tools the model may call. */
    public ChatModelNode tools(List<ToolSpecification> specifications) {
        return new ChatModelNode(streaming, blocking, List.copyOf(specifications), systemPrompt, modelMetadata);
    }

    /** A system message put before the conversation on every call (not stored in the state). */
    public ChatModelNode systemPrompt(String prompt) {
        return new ChatModelNode(streaming, blocking, tools, prompt, modelMetadata);
    }

    /** Metadata added to each streamed chunk's metadata, as LangChain models add {@code ls_provider} and so on. */
    public ChatModelNode modelMetadata(Map<String, Object> metadata) {
        Map<String, Object> all = new LinkedHashMap<>(modelMetadata);
        all.putAll(metadata);
        return new ChatModelNode(streaming, blocking, tools, systemPrompt, Map.copyOf(all));
    }

    @Override
    public Map<String, Object> apply(AgentState state, RunnableConfig config) throws Exception {
        List<ChatMessage> messages = new ArrayList<>();
        if (systemPrompt != null) messages.add(dev.langchain4j.data.message.SystemMessage.from(systemPrompt));
        messages.addAll(ChatMessages.of(state.<List<?>>value("messages").orElse(List.of())));
        var request = ChatRequest.builder().messages(messages);
        if (!tools.isEmpty()) request.toolSpecifications(tools);
        AiMessageStream stream = AiMessageStream.start(config, modelMetadata);
        Span span = ModelSpans.start(streaming != null ? streaming.provider() : blocking.provider(), messages.size());
        ChatResponse response;
        try (Scope ignored = span.makeCurrent()) {
            response = streaming != null ? streamed(request.build(), stream, config) : blocking.chat(request.build());
            ModelSpans.succeeded(span, response);
        } catch (Exception | Error e) {
            ModelSpans.failed(span, e);
            throw e;
        } finally {
            span.end();
        }
        if (streaming == null) {
            // one chunk for the whole answer, as LangChain streams a model that does not stream
            if (response.aiMessage().text() != null) stream.chunk(response.aiMessage().text());
            for (ToolExecutionRequest call : response.aiMessage().toolExecutionRequests()) {
                stream.toolCall(call.id(), call.name(), arguments(call.arguments()));
            }
        } else {
            for (ToolExecutionRequest call : response.aiMessage().toolExecutionRequests()) {
                stream.addToolCall(call.id(), call.name(), arguments(call.arguments()));
            }
        }
        return Map.of("messages", List.of(message(stream, response)));
    }

    private ChatResponse streamed(ChatRequest request, AiMessageStream stream, RunnableConfig config)
            throws Exception {
        var done = new CompletableFuture<ChatResponse>();
        var handle = new AtomicReference<StreamingHandle>();
        streaming.chat(request, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                handle.set(context.streamingHandle());
                if (!done.isDone()) stream.chunk(partial.text());
            }

            @Override
            public void onPartialToolCall(PartialToolCall call, PartialToolCallContext context) {
                handle.set(context.streamingHandle());
                if (!done.isDone()) {
                    stream.toolCallChunk(call.index(), call.id(), call.name(), call.partialArguments());
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        try {
            while (true) {
                try {
                    return done.get(CANCEL_POLL_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillStreaming) {
                    if (SpoolConfig.isCancelled(config)) throw new InterruptedException("run cancelled");
                }
            }
        } catch (InterruptedException cancelled) {
            done.cancel(false); // later tokens are dropped
            StreamingHandle h = handle.get();
            if (h != null) h.cancel();
            Thread.currentThread().interrupt();
            throw new CancellationException("run cancelled while the model was streaming");
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof Exception e ? e : failed;
        }
    }

    private static Map<String, Object> message(AiMessageStream stream, ChatResponse response) {
        Map<String, Object> message = stream.message();
        Map<String, Object> responseMetadata = new LinkedHashMap<>();
        if (response.finishReason() != null) {
            responseMetadata.put("finish_reason", response.finishReason().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (response.modelName() != null) responseMetadata.put("model_name", response.modelName());
        if (response.id() != null) responseMetadata.put("id", response.id());
        message.put("response_metadata", responseMetadata);
        TokenUsage usage = response.tokenUsage();
        if (usage != null) {
            Map<String, Object> usageMetadata = new LinkedHashMap<>();
            usageMetadata.put("input_tokens", usage.inputTokenCount() == null ? 0 : usage.inputTokenCount());
            usageMetadata.put("output_tokens", usage.outputTokenCount() == null ? 0 : usage.outputTokenCount());
            usageMetadata.put("total_tokens", usage.totalTokenCount() == null ? 0 : usage.totalTokenCount());
            Map<String, Object> ordered = new LinkedHashMap<>();
            for (var entry : message.entrySet()) {
                if (entry.getKey().equals("type")) ordered.put("usage_metadata", usageMetadata);
                ordered.put(entry.getKey(), entry.getValue());
            }
            return ordered;
        }
        return message;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> arguments(String json) {
        if (json == null || json.isBlank()) return Map.of();
        try {
            return JSON.readValue(json, LinkedHashMap.class);
        } catch (RuntimeException notAnObject) {
            return Map.of("__raw", json); // the model sent arguments that are not a JSON object; the tool says so
        }
    }

    /** Whether the last message of the state is an AI message with tool calls: the ReAct loop's edge. */
    public static boolean wantsTools(AgentState state) {
        List<?> messages = state.<List<?>>value("messages").orElse(List.of());
        return !messages.isEmpty() && messages.getLast() instanceof Map<?, ?> last && "ai".equals(last.get("type"))
                && last.get("tool_calls") instanceof List<?> calls && !calls.isEmpty();
    }

}
