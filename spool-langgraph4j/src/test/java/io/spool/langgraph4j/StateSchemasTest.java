package io.spool.langgraph4j;

import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.state.AgentState;
import org.bsc.langgraph4j.state.Channels;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bsc.langgraph4j.StateGraph.END;
import static org.bsc.langgraph4j.StateGraph.START;
import static org.bsc.langgraph4j.action.AsyncNodeActionWithConfig.node_async;

class StateSchemasTest {

    /** A typed state, the LangGraph4j way: accessors named like the channels. */
    public static final class Typed extends AgentState {
        public Typed(Map<String, Object> data) {
            super(data);
        }

        public List<String> items() {
            return this.<List<String>>value("items").orElse(List.of());
        }

        public Optional<Long> count() {
            return value("count");
        }

        public Optional<Map<String, Object>> meta() {
            return value("meta");
        }

        public boolean isEmpty() { // not a channel: not a property
            return items().isEmpty();
        }
    }

    @Test
    void propertiesAreTypedByAccessorsThenChannelsThenDefaults() throws Exception {
        var graph = new StateGraph<>(Map.of(
                "items", Channels.<String>appenderWithDuplicate(ArrayList::new),
                "count", Channels.base(() -> 0L),
                "meta", Channels.<Map<String, Object>>base(() -> new java.util.HashMap<>()),
                "log", Channels.<String>appender(ArrayList::new),
                "messages", MessagesChannel.create(),
                "flag", Channels.base(() -> true),
                "anything", Channels.base((a, b) -> b)), Typed::new);
        graph.addNode("n", node_async((state, config) -> Map.of())).addEdge(START, "n").addEdge("n", END);

        var schemas = new LangGraph4jAdapter().adapt("typed", graph).schemas();

        @SuppressWarnings("unchecked")
        var properties = (Map<String, Object>) ((Map<String, Object>) schemas.get("state_schema")).get("properties");
        assertThat(properties).containsOnlyKeys("items", "count", "meta", "log", "messages", "flag", "anything")
                .containsEntry("items", Map.of("type", "array", "items", Map.of("type", "string")))
                .containsEntry("count", Map.of("type", "integer"))
                .containsEntry("meta", Map.of("type", "object"))
                .containsEntry("log", Map.of("type", "array"))
                .containsEntry("messages", Map.of("type", "array", "items", Map.of("type", "object"),
                        "langgraph_type", "messages"))
                .containsEntry("flag", Map.of("type", "boolean"))
                .containsEntry("anything", Map.of());
        assertThat(schemas.get("input_schema")).isEqualTo(schemas.get("state_schema"));
        assertThat(((Map<?, ?>) schemas.get("state_schema")).get("title")).isEqualTo("typed");
    }
}
