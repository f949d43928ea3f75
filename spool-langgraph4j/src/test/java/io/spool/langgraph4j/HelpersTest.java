package io.spool.langgraph4j;

import org.bsc.langgraph4j.RunnableConfig;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.state.AgentState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bsc.langgraph4j.StateGraph.END;
import static org.bsc.langgraph4j.StateGraph.START;
import static org.bsc.langgraph4j.action.AsyncNodeActionWithConfig.node_async;

class HelpersTest {

    @Test
    @SuppressWarnings("unchecked")
    void messagesAreNormalizedAppendedReplacedAndRemoved() {
        var channel = MessagesChannel.create();

        var messages = (List<Object>) channel.update("messages", null,
                List.of(Map.of("role", "user", "content", "hi"), "plain text"));
        assertThat(messages).hasSize(2);
        var first = (Map<String, Object>) messages.get(0);
        assertThat(first).containsEntry("type", "human").containsEntry("content", "hi")
                .containsEntry("additional_kwargs", Map.of()).containsEntry("response_metadata", Map.of())
                .containsKey("id").doesNotContainKey("role");
        assertThat(new ArrayList<>(first.keySet()).getLast()).isEqualTo("type");
        assertThat((Map<String, Object>) messages.get(1))
                .containsEntry("type", "human").containsEntry("content", "plain text");

        var edited = Map.<String, Object>of("id", first.get("id"), "type", "human", "content", "edited");
        var ai = Map.<String, Object>of("role", "assistant", "content", "hello", "id", "m2");
        messages = (List<Object>) channel.update("messages", messages, List.of(edited, ai));
        assertThat(messages).extracting(m -> ((Map<String, Object>) m).get("content"))
                .containsExactly("edited", "plain text", "hello");
        assertThat((Map<String, Object>) messages.get(2))
                .containsEntry("type", "ai").containsEntry("tool_calls", List.of());

        messages = (List<Object>) channel.update("messages", messages, Map.of("type", "remove", "id", "m2"));
        assertThat(messages).hasSize(2);
    }

    @Test
    void outsideSpoolNodesGetASilentWriterAndNoConfigurable() {
        var config = RunnableConfig.builder().build();
        assertThat(SpoolConfig.configurableLong(config, "delay_ms", 200)).isEqualTo(200); // not under Spool
        assertThat(SpoolConfig.configurable(config)).isEmpty();
        assertThat(SpoolConfig.writer(config).wants("custom")).isFalse();
    }

    @Test
    void configurableNumbersAcceptIntegersDecimalsAndStrings() throws Exception {
        var seen = new ArrayList<Long>();
        var graph = new LangGraph4jAdapter().adapt("probe", new StateGraph<>(Map.of(), AgentState::new)
                .addNode("probe", node_async((state, config) -> {
                    for (String key : List.of("int", "long", "double", "string", "junk", "missing")) {
                        seen.add(SpoolConfig.configurableLong(config, key, -1));
                    }
                    return Map.of();
                }))
                .addEdge(START, "probe")
                .addEdge("probe", END));

        graph.run(new TestRun(new InMemoryCheckpointer("t"), new RecordingWriter()).input(Map.of())
                .configurable("int", 7).configurable("long", 8L).configurable("double", 9.9)
                .configurable("string", " 10 ").configurable("junk", "abc"));

        assertThat(seen).containsExactly(7L, 8L, 9L, 10L, -1L, -1L);
    }
}
