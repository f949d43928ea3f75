package io.spool.graph;

import java.util.List;
import java.util.Map;

/**
 * The run's stream writer, LangGraph's {@code config.writer}: what a graph emits here reaches every reader of the
 * run and of its thread, in order, with an id.
 *
 * <p>Modes are the API's stream modes: {@code values} (full state), {@code updates} ({@code {node: update}}),
 * {@code custom} (anything), {@code messages-tuple} ({@code [chunk, metadata]}), {@code debug}, {@code tasks},
 * {@code checkpoints}. An event of a mode the run did not ask for is dropped. The server derives the deprecated
 * {@code messages} mode and the {@code events} mode (LangChain {@code astream_events}) itself, from
 * {@code messages-tuple} chunks, {@code updates} and {@code tasks} events ({@code {id, name, input, triggers}} when a
 * task starts, {@code {id, name, result, error, interrupts}} when it ends): {@link #wants} asks a runtime for those
 * whenever a derived mode needs them.
 */
public interface StreamWriter {

    /** Whether the run asked for {@code mode}; lets a graph skip building payloads nobody reads. */
    boolean wants(String mode);

    /** Emits one event of {@code mode}; {@code payload} is any JSON value as plain Java objects. */
    void emit(String mode, Object payload);

    /**
     * Emits one event of {@code mode} produced inside a subgraph. {@code namespace} is the subgraph's path from the
     * root graph, one {@code "<node>:<task id>"} per level (the node that runs the subgraph and its task), and the
     * event is named {@code <mode>|<namespace_1>|...|<namespace_k>}, as LangGraph names subgraph events. Runtimes
     * emit these only for runs created with {@code stream_subgraphs} ({@link GraphRun#streamSubgraphs()}).
     */
    void emit(String mode, List<String> namespace, Object payload);

    /** A custom event, as a node's {@code config.writer(payload)} does in LangGraph. */
    default void custom(Object payload) {
        emit("custom", payload);
    }

    /** One token-level message chunk with its metadata (the {@code messages-tuple} mode). */
    default void messageChunk(Map<String, Object> chunk, Map<String, Object> metadata) {
        if (wants("messages-tuple")) emit("messages-tuple", List.of(chunk, metadata));
    }
}
