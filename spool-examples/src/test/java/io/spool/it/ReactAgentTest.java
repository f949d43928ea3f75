package io.spool.it;

import io.spool.config.ServerConfig;
import io.spool.server.SpoolServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LangChain4j ReAct agent ({@code io.spool.examples.react.ReactAgentGraph}) served from {@code react-agent.json},
 * its model the real LangChain4j OpenAI client talking to {@link FakeOpenAi} on loopback.
 */
class ReactAgentTest {

    private static FakeOpenAi openAi;
    private static SpoolServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        openAi = new FakeOpenAi();
        // the graph reads these from the environment, or from system properties of the same name
        System.setProperty("OPENAI_BASE_URL", openAi.baseUrl());
        System.setProperty("OPENAI_API_KEY", "test-key");
        System.setProperty("SPOOL_MODEL", "fake-model");
        server = SpoolServer.start(ServerConfig.defaults().withPort(0).withStorage("memory")
                .withGraphsConfig(Path.of("react-agent.json")));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (openAi != null) openAi.close();
        System.clearProperty("OPENAI_BASE_URL");
        System.clearProperty("OPENAI_API_KEY");
        System.clearProperty("SPOOL_MODEL");
    }

    private static String newThread() {
        return Json.str(http.postJson("/threads", Map.of()).json(), "thread_id");
    }

    private static Map<String, Object> ask(String question) {
        return Map.of("assistant_id", "react_agent",
                "input", Map.of("messages", List.of(Map.of("role", "user", "content", question))),
                "stream_mode", List.of("messages-tuple", "values"));
    }

    @Test
    void streamsToolCallPiecesThenTokensAndKeepsTheMessagesInTheState() {
        String thread = newThread();
        List<SseEvent> events = RunStreams.stream(http, thread, ask("What is the weather in Paris?"));
        assertThat(events).extracting(SseEvent::event).doesNotContain("error");

        List<JsonNode> chunks = new ArrayList<>();
        for (SseEvent e : events) if (e.event().equals("messages")) chunks.add(e.json());
        // the tool call's pieces as tool_call_chunks: the first names the call, the others carry argument text
        List<JsonNode> callPieces = chunks.stream().map(c -> c.get(0).path("tool_call_chunks"))
                .filter(c -> c.isArray() && !c.isEmpty()).map(c -> c.get(0)).toList();
        assertThat(callPieces).hasSizeGreaterThanOrEqualTo(2);
        assertThat(callPieces.getFirst().get("name").asString()).isEqualTo("get_weather");
        assertThat(callPieces.getFirst().get("id").asString()).isEqualTo("call_1");
        StringBuilder args = new StringBuilder();
        for (JsonNode piece : callPieces) args.append(piece.path("args").asString(""));
        assertThat(args.toString()).isEqualTo("{\"city\": \"Paris\"}");
        // then the answer's tokens, as they came from the model, with model metadata
        List<JsonNode> tool = chunks.stream().filter(c -> c.get(0).get("type").asString().equals("tool")).toList();
        assertThat(tool).hasSize(1);
        List<String> tokens = chunks.stream().filter(c -> c.get(0).get("type").asString().equals("ai"))
                .map(c -> c.get(0).get("content").asString()).filter(t -> !t.isEmpty()).toList();
        assertThat(tokens).containsExactly("It is", " sunny", " in Paris.");
        JsonNode lastChunk = chunks.getLast();
        assertThat(lastChunk.get(1).get("langgraph_node").asString()).isEqualTo("model");
        assertThat(lastChunk.get(1).get("ls_provider").asString()).isEqualTo("openai");
        assertThat(lastChunk.get(1).get("thread_id").asString()).isEqualTo(thread);

        JsonNode messages = http.get("/threads/" + thread + "/state").json().get("values").get("messages");
        assertThat(messages).hasSize(4);
        JsonNode call = messages.get(1);
        assertThat(call.get("type").asString()).isEqualTo("ai");
        assertThat(Json.canonical(call.get("tool_calls")))
                .isEqualTo(Json.canonical("[{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"},\"id\":\"call_1\","
                        + "\"type\":\"tool_call\"}]"));
        assertThat(call.get("id").asString()).isEqualTo(chunks.getFirst().get(0).get("id").asString());
        assertThat(call.get("usage_metadata").get("total_tokens").asInt()).isEqualTo(25);
        assertThat(call.get("response_metadata").get("finish_reason").asString()).isEqualTo("tool_execution");
        JsonNode result = messages.get(2);
        assertThat(result.get("type").asString()).isEqualTo("tool");
        assertThat(result.get("content").asString()).isEqualTo("sunny, 21°C");
        assertThat(result.get("tool_call_id").asString()).isEqualTo("call_1");
        assertThat(result.get("status").asString()).isEqualTo("success");
        JsonNode answer = messages.get(3);
        assertThat(answer.get("content").asString()).isEqualTo("It is sunny in Paris.");
        assertThat(answer.get("id").asString()).isEqualTo(lastChunk.get(0).get("id").asString());
        assertThat(answer.get("usage_metadata").get("input_tokens").asInt()).isEqualTo(30);
        assertThat(answer.get("usage_metadata").get("output_tokens").asInt()).isEqualTo(7);

        // the model was told about the @Tool methods, and got the tool's result back
        JsonNode second = openAi.requests.getLast();
        List<String> toolNames = new ArrayList<>();
        for (JsonNode t : second.get("tools")) toolNames.add(t.get("function").get("name").asString());
        assertThat(toolNames).containsExactlyInAnyOrder("get_weather", "add");
        JsonNode sent = second.get("messages");
        assertThat(sent.get(sent.size() - 1).get("tool_call_id").asString()).isEqualTo("call_1");
    }

    @Test
    void aModelErrorFailsTheRunWithTheProvidersMessage() {
        String thread = newThread();
        List<SseEvent> events = RunStreams.stream(http, thread, ask("please fail"));
        SseEvent error = events.stream().filter(e -> e.event().equals("error")).findFirst().orElseThrow();
        assertThat(error.data()).contains("Incorrect API key provided");
        assertThat(http.get("/threads/" + thread).json().get("status").asString()).isEqualTo("error");
    }

    @Test
    void withoutAKeyTheAgentSaysWhatIsMissing() {
        System.clearProperty("OPENAI_API_KEY");
        try {
            String thread = newThread();
            List<SseEvent> events = RunStreams.stream(http, thread, ask("hi"));
            assertThat(events).extracting(SseEvent::event).doesNotContain("error");
            JsonNode messages = http.get("/threads/" + thread + "/state").json().get("values").get("messages");
            assertThat(messages.get(messages.size() - 1).get("content").asString()).contains("set OPENAI_API_KEY");
        } finally {
            System.setProperty("OPENAI_API_KEY", "test-key");
        }
    }
}
