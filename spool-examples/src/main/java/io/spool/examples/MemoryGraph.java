package io.spool.examples;

import io.spool.graph.GraphStore;
import io.spool.langgraph4j.PlainStateSerializer;
import io.spool.langgraph4j.SpoolConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.action.NodeActionWithConfig;
import org.bsc.langgraph4j.state.AgentState;

import static org.bsc.langgraph4j.StateGraph.END;
import static org.bsc.langgraph4j.StateGraph.START;
import static org.bsc.langgraph4j.action.AsyncNodeActionWithConfig.node_async;

/**
 * Remembers facts about a user across threads through the long-term store, as a LangGraph node uses {@code store}:
 * the input {@code {"user_id": "ada", "remember": "I love pasta", "question": "what do I eat?"}} files
 * {@code remember} (when given) under {@code ("users", user_id, "facts")}, then answers with {@code facts}: what is
 * known about the user, closest to {@code question} first when the server has a semantic index.
 */
public final class MemoryGraph {

    public static final StateGraph<State> graph = build();

    public static final class State extends AgentState {

        public State(Map<String, Object> data) {
            super(data);
        }

        /** Whose facts these are. */
        public Optional<String> userId() {
            return value("user_id");
        }

        /** A fact to keep about the user (optional). */
        public Optional<String> remember() {
            return value("remember");
        }

        /** What the facts should be ranked by (optional). */
        public Optional<String> question() {
            return value("question");
        }

        /** What the store knows about the user, best match first. */
        public List<String> facts() {
            return this.<List<String>>value("facts").orElse(List.of());
        }
    }

    private MemoryGraph() {
    }

    private static StateGraph<State> build() {
        try {
            return new StateGraph<>(new PlainStateSerializer<>(State::new))
                    .addNode("recall", node_async(recall()))
                    .addEdge(START, "recall")
                    .addEdge("recall", END);
        } catch (GraphStateException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static NodeActionWithConfig<State> recall() {
        return (state, config) -> {
            GraphStore store = SpoolConfig.store(config);
            String user = state.userId().orElseThrow(() -> new IllegalArgumentException("input needs user_id"));
            List<String> namespace = List.of("users", user, "facts");
            state.remember().filter(f -> !f.isBlank()).ifPresent(fact ->
                    store.put(namespace, UUID.randomUUID().toString(), Map.of("fact", fact)));
            List<String> facts = store.search(namespace, state.question().orElse(null), null, 10).stream()
                    .map(item -> String.valueOf(item.value().get("fact"))).toList();
            return Map.of("facts", facts);
        };
    }
}
