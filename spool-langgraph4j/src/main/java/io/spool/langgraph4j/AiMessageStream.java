package io.spool.langgraph4j;

import io.spool.graph.StreamWriter;
import org.bsc.langgraph4j.RunnableConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One AI message streamed token by token in the {@code messages-tuple} mode, as a LangChain chat model does inside
 * a LangGraph node: every {@link #chunk} (and every {@link #toolCall}) is sent as {@code [chunk, metadata]} with the
 * same message id, and {@link #message()} is the whole message for the node to return (which is then not sent
 * again).
 *
 * <pre>{@code
 * var reply = AiMessageStream.start(config);
 * for (String token : tokens) reply.chunk(token);
 * reply.toolCall("call_1", "get_weather", Map.of("city", "Paris"));
 * return Map.of("messages", List.of(reply.message()));
 * }</pre>
 */
public final class AiMessageStream {

    private final StreamWriter writer;
    private final String id = "run-" + UUID.randomUUID();
    /** Shared by every chunk; null when nobody reads the messages stream, so chunks cost nothing. */
    private final Map<String, Object> metadata;
    /** The run, told the message was streamed; null outside a run. */
    private final RunContext context;
    private final StringBuilder content = new StringBuilder();
    private final List<Map<String, Object>> toolCalls = new ArrayList<>();

    private AiMessageStream(StreamWriter writer, Map<String, Object> metadata, RunContext context) {
        this.writer = writer;
        this.metadata = metadata;
        this.context = context;
    }

    /** Starts a message in the node that owns {@code config}. */
    public static AiMessageStream start(RunnableConfig config) {
        return start(config, Map.of());
    }

    /**
     * Starts a message; {@code modelMetadata} is added to each chunk's metadata, as a LangChain model adds its own
     * (for example {@code ls_provider}, {@code ls_model_type}).
     */
    public static AiMessageStream start(RunnableConfig config, Map<String, Object> modelMetadata) {
        return RunContext.find(config)
                .map(context -> create(context, NodeTask.find(config).orElse(null), modelMetadata))
                .orElseGet(() -> new AiMessageStream(SpoolConfig.writer(config), null, null));
    }

    static AiMessageStream forTask(RunContext context, NodeTask task) {
        return create(context, task, Map.of());
    }

    private static AiMessageStream create(RunContext context, NodeTask task, Map<String, Object> modelMetadata) {
        StreamWriter writer = task != null ? task.writer : context.writer;
        if (!writer.wants("messages-tuple")) return new AiMessageStream(writer, null, context);
        Map<String, Object> metadata = context.messageMetadata(task);
        metadata.putAll(modelMetadata);
        return new AiMessageStream(writer, Collections.unmodifiableMap(metadata), context);
    }

    /** The message id, {@code run-<uuid>} like LangChain's. */
    public String id() {
        return id;
    }

    /** Appends {@code text} to the message and streams it as one chunk. */
    public void chunk(String text) {
        content.append(text);
        send(chunkOf(text, List.of(), List.of()));
    }

    /**
     * Adds a tool call to the message and streams it as one chunk, as a chat model that sends each call in one piece
     * does: the chunk's {@code tool_call_chunks} hold the call with its arguments as JSON text, its
     * {@code tool_calls} the call parsed.
     */
    public void toolCall(String callId, String name, Map<String, Object> args) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("name", name);
        call.put("args", args);
        call.put("id", callId);
        call.put("type", "tool_call");
        toolCalls.add(call);
        Map<String, Object> piece = new LinkedHashMap<>();
        piece.put("name", name);
        piece.put("args", JsonText.of(args));
        piece.put("id", callId);
        piece.put("index", toolCalls.size() - 1);
        piece.put("type", "tool_call_chunk");
        send(chunkOf("", List.of(call), List.of(piece)));
    }

    /**
     * Streams one piece of a tool call as a chat model that streams its calls does: {@code tool_call_chunks} holds
     * the piece ({@code id} and {@code name} only on the first piece of a call, {@code args} a part of the JSON
     * text). The call is added to the message by {@link #addToolCall} once it is whole.
     */
    public void toolCallChunk(int index, String callId, String name, String argsText) {
        Map<String, Object> piece = new LinkedHashMap<>();
        piece.put("name", name);
        piece.put("args", argsText);
        piece.put("id", callId);
        piece.put("index", index);
        piece.put("type", "tool_call_chunk");
        send(chunkOf("", List.of(), List.of(piece)));
    }

    /** Adds a whole tool call to the message without streaming it (its pieces went by {@link #toolCallChunk}). */
    public void addToolCall(String callId, String name, Map<String, Object> args) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("name", name);
        call.put("args", args);
        call.put("id", callId);
        call.put("type", "tool_call");
        toolCalls.add(call);
    }

    /** The whole message so far, in LangChain's serialized shape ({@code type: "ai"}). */
    public Map<String, Object> message() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("content", content.toString());
        message.put("additional_kwargs", Map.of());
        message.put("response_metadata", Map.of());
        message.put("tool_calls", List.copyOf(toolCalls));
        message.put("invalid_tool_calls", List.of());
        message.put("type", "ai");
        return message;
    }

    private void send(Map<String, Object> chunk) {
        if (metadata == null) return;
        context.streamedMessage(id);
        writer.messageChunk(chunk, metadata);
    }

    /** A chunk, with its keys in the order LangChain sends them. */
    private Map<String, Object> chunkOf(String text, List<Object> calls, List<Object> callChunks) {
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("content", text);
        chunk.put("tool_calls", calls);
        chunk.put("invalid_tool_calls", List.of());
        chunk.put("tool_call_chunks", callChunks);
        chunk.put("additional_kwargs", Map.of());
        chunk.put("response_metadata", Map.of());
        chunk.put("id", id);
        chunk.put("type", "ai");
        return chunk;
    }
}
