package io.spool.langgraph4j;

import io.spool.graph.StreamWriter;
import org.bsc.langgraph4j.RunnableConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One AI message streamed token by token in the {@code messages-tuple} mode, as a LangChain chat model does inside
 * a LangGraph node: every {@link #chunk} is sent as {@code [chunk, metadata]} with the same message id, and
 * {@link #message()} is the whole message for the node to return.
 *
 * <pre>{@code
 * var reply = AiMessageStream.start(config);
 * for (String token : tokens) reply.chunk(token);
 * return Map.of("messages", List.of(reply.message()));
 * }</pre>
 */
public final class AiMessageStream {

    private final StreamWriter writer;
    private final String id = "run-" + UUID.randomUUID();
    /** Shared by every chunk; null when nobody reads the messages stream, so chunks cost nothing. */
    private final Map<String, Object> metadata;
    private final StringBuilder content = new StringBuilder();

    private AiMessageStream(StreamWriter writer, Map<String, Object> metadata) {
        this.writer = writer;
        this.metadata = metadata;
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
                .orElseGet(() -> new AiMessageStream(SpoolConfig.writer(config), null));
    }

    static AiMessageStream forTask(RunContext context, NodeTask task) {
        return create(context, task, Map.of());
    }

    private static AiMessageStream create(RunContext context, NodeTask task, Map<String, Object> modelMetadata) {
        StreamWriter writer = task != null ? task.writer : context.writer;
        if (!writer.wants("messages-tuple")) return new AiMessageStream(writer, null);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("tags", context.run.config().get("tags") instanceof List<?> tags ? tags : List.of());
        metadata.putAll(context.runMetadata());
        if (task != null) {
            String namespace = String.join("|", task.innerNamespace());
            metadata.put("langgraph_step", task.step);
            metadata.put("langgraph_node", task.node);
            metadata.put("langgraph_triggers", List.of("branch:to:" + task.node));
            metadata.put("langgraph_path", List.of("__pregel_pull", task.node));
            metadata.put("langgraph_checkpoint_ns", namespace);
            metadata.put("checkpoint_ns", namespace);
        }
        metadata.putAll(modelMetadata);
        return new AiMessageStream(writer, Collections.unmodifiableMap(metadata));
    }

    /** The message id, {@code run-<uuid>} like LangChain's. */
    public String id() {
        return id;
    }

    /** Appends {@code text} to the message and streams it as one chunk. */
    public void chunk(String text) {
        content.append(text);
        if (metadata != null) writer.messageChunk(chunkOf(text), metadata);
    }

    /** The whole message so far, in LangChain's serialized shape ({@code type: "ai"}). */
    public Map<String, Object> message() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("content", content.toString());
        message.put("additional_kwargs", Map.of());
        message.put("response_metadata", Map.of());
        message.put("tool_calls", List.of());
        message.put("invalid_tool_calls", List.of());
        message.put("type", "ai");
        return message;
    }

    /** A chunk, with its keys in the order LangChain sends them. */
    private Map<String, Object> chunkOf(String text) {
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("content", text);
        chunk.put("tool_calls", List.of());
        chunk.put("invalid_tool_calls", List.of());
        chunk.put("tool_call_chunks", List.of());
        chunk.put("additional_kwargs", Map.of());
        chunk.put("response_metadata", Map.of());
        chunk.put("id", id);
        chunk.put("type", "ai");
        return chunk;
    }
}
