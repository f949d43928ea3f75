package io.spool.langgraph4j;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class StreamingTest {

    private final InMemoryCheckpointer checkpointer = new InMemoryCheckpointer("thread-1");

    @Test
    @SuppressWarnings("unchecked")
    void chatStreamsOneMessageChunkByChunk() throws Exception {
        var graph = new LangGraph4jAdapter().adapt("chat", TestGraphs.chat());
        var writer = new RecordingWriter("messages-tuple", "values");

        var hi = Map.of("role", "user", "content", "hi");
        graph.run(new TestRun(checkpointer, writer).input(Map.of("messages", List.of(hi))));

        var chunks = writer.payloads("messages-tuple").stream().map(p -> (List<Map<String, Object>>) p).toList();
        assertThat(chunks).extracting(pair -> pair.get(0).get("content")).containsExactly("H", "e", "l", "l", "o", "!");
        var first = chunks.getFirst();
        assertThat(first.get(0)).containsOnlyKeys("content", "additional_kwargs", "response_metadata", "tool_calls",
                        "invalid_tool_calls", "tool_call_chunks", "id", "type")
                .containsEntry("type", "ai");
        assertThat((String) first.get(0).get("id")).startsWith("run-");
        assertThat(chunks).extracting(pair -> pair.get(0).get("id")).containsOnly(first.get(0).get("id"));
        assertThat(first.get(1))
                .containsEntry("langgraph_node", "model")
                .containsEntry("langgraph_step", 1)
                .containsEntry("langgraph_triggers", List.of("branch:to:model"))
                .containsEntry("langgraph_path", List.of("__pregel_pull", "model"))
                .containsEntry("thread_id", "thread-1")
                .containsEntry("graph_id", "test")
                .containsEntry("assistant_id", "assistant-1")
                .containsEntry("run_attempt", 1)
                .containsEntry("ls_provider", "FakeListChatModel")
                .containsEntry("tags", List.of())
                .containsKeys("run_id", "checkpoint_ns", "langgraph_checkpoint_ns");
        assertThat((String) first.get(1).get("checkpoint_ns")).startsWith("model:");

        var lastValues = (Map<String, Object>) writer.payloads("values").getLast();
        var finalMessages = (List<Map<String, Object>>) lastValues.get("messages");
        assertThat(finalMessages).hasSize(2);
        assertThat(finalMessages.get(0)).containsEntry("type", "human").containsEntry("content", "hi")
                .containsKeys("id", "additional_kwargs", "response_metadata").doesNotContainKey("role");
        assertThat(finalMessages.get(1)).containsEntry("type", "ai").containsEntry("content", "Hello!")
                .containsEntry("id", first.get(0).get("id"));
        // laid out as LangChain serializes messages
        assertThat(finalMessages.get(0).keySet())
                .containsExactly("content", "additional_kwargs", "response_metadata", "id", "type");
        assertThat(finalMessages.get(1).keySet()).containsExactly("id", "content", "additional_kwargs",
                "response_metadata", "tool_calls", "invalid_tool_calls", "type");
        assertThat(first.get(0).keySet()).containsExactly("content", "tool_calls", "invalid_tool_calls",
                "tool_call_chunks", "additional_kwargs", "response_metadata", "id", "type");
    }

    @Test
    @SuppressWarnings("unchecked")
    void toolCallsStreamAsChunksAndMessagesNodesReturnWholeStreamOnce() throws Exception {
        var graph = new LangGraph4jAdapter().adapt("tools", TestGraphs.toolLoop());
        var writer = new RecordingWriter("messages-tuple");

        graph.run(new TestRun(checkpointer, writer).input(Map.of("messages", List.of(Map.of("role", "user",
                "content", "look it up")))));

        var sent = writer.payloads("messages-tuple").stream().map(p -> (List<Map<String, Object>>) p).toList();
        // the input and the AI messages the model returned are not sent again; the tool message is, once
        assertThat(sent).extracting(pair -> pair.get(0).get("type"), pair -> pair.get(0).get("content"),
                pair -> pair.get(1).get("langgraph_node")).containsExactly(
                tuple("ai", "Checking.", "model"), tuple("ai", "", "model"),
                tuple("tool", "found", "tools"),
                tuple("ai", "Done.", "model"));
        var call = Map.of("name", "lookup", "args", Map.of("q", "x"), "id", "call_1", "type", "tool_call");
        assertThat(sent.get(1).get(0))
                .containsEntry("tool_calls", List.of(call))
                .containsEntry("tool_call_chunks", List.of(Map.of("name", "lookup", "args", "{\"q\":\"x\"}",
                        "id", "call_1", "index", 0, "type", "tool_call_chunk")))
                .containsEntry("id", sent.get(0).get(0).get("id"));
        var tool = sent.get(2);
        assertThat(tool.get(0)).doesNotContainKey("tool_call_chunks").containsKey("id");
        assertThat(tool.get(1)).containsEntry("langgraph_step", 2).containsKey("langgraph_checkpoint_ns")
                .doesNotContainKey("ls_provider");

        var messages = (List<Map<String, Object>>) checkpointer.latest().orElseThrow().values().get("messages");
        assertThat(messages).extracting(m -> m.get("type")).containsExactly("human", "ai", "tool", "ai");
        assertThat(messages.get(1)).containsEntry("tool_calls", List.of(call));
        assertThat(messages.get(2).get("id")).as("the streamed tool message's id is the stored one")
                .isEqualTo(tool.get(0).get("id"));
    }

    @Test
    void noChunksAreBuiltWhenNobodyReadsMessages() throws Exception {
        var graph = new LangGraph4jAdapter().adapt("chat", TestGraphs.chat());
        var writer = new RecordingWriter("values");

        graph.run(new TestRun(checkpointer, writer).input(Map.of("messages", List.of("hi"))));

        assertThat(writer.events()).extracting(RecordingWriter.Event::mode).containsOnly("values");
    }

    @Test
    void burstEmitsCountCustomEvents() throws Exception {
        var graph = new LangGraph4jAdapter().adapt("burst", TestGraphs.burst());
        var writer = new RecordingWriter("custom", "updates");

        graph.run(new TestRun(checkpointer, writer).input(Map.of()).configurable("count", 5000.0));

        var custom = writer.payloads("custom");
        assertThat(custom).hasSize(5000);
        assertThat(custom.getFirst()).isEqualTo(Map.of("i", 0));
        assertThat(custom.getLast()).isEqualTo(Map.of("i", 4999));
        assertThat(writer.payloads("updates")).containsExactly(Map.of("emit", Map.of("emitted", 5000L)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void tasksAndDebugModesReportEachNodeExecution() throws Exception {
        var graph = new LangGraph4jAdapter().adapt("agent", TestGraphs.agent());
        var writer = new RecordingWriter("tasks", "debug");

        graph.run(new TestRun(checkpointer, writer).input(Map.of("items", List.of("in"))).configurable("delay_ms", 0));

        var tasks = writer.payloads("tasks").stream().map(p -> (Map<String, Object>) p).toList();
        assertThat(tasks).hasSize(6);
        assertThat(tasks.get(0)).containsEntry("name", "step1").containsEntry("input", Map.of("items", List.of("in")))
                .containsEntry("triggers", List.of("branch:to:step1")).containsKey("metadata");
        assertThat(tasks.get(1)).containsEntry("name", "step1").containsEntry("id", tasks.get(0).get("id"))
                .containsEntry("result", Map.of("items", List.of("step1"))).containsEntry("error", null);
        var debug = writer.payloads("debug").stream().map(p -> (Map<String, Object>) p).toList();
        assertThat(debug).extracting(d -> d.get("type"), d -> d.get("step")).containsExactly(
                tuple("task", 1), tuple("task_result", 1),
                tuple("task", 2), tuple("task_result", 2),
                tuple("task", 3), tuple("task_result", 3));
    }
}
