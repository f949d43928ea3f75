package io.spool.it;

import io.spool.config.ServerConfig;
import io.spool.json.Json;
import io.spool.server.SpoolServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The tool-using agent ({@code io.spool.examples.tools.ToolAgentGraph}) served from {@code tool-agent.json}, over
 * HTTP: streamed, paused before its tool call, resumed, and its checkpoints listed.
 */
class ToolAgentTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Map<String, Object> PARIS_CALL = Map.of(
            "name", "get_weather", "args", Map.of("city", "Paris"), "id", "call_1", "type", "tool_call");

    private static SpoolServer server;
    private static HttpClient client;

    /** One server-sent event. */
    record Sse(String event, Object data, String id) {
    }

    @BeforeAll
    static void start() throws Exception {
        // the tests run in the module directory, next to tool-agent.json
        server = SpoolServer.start(ServerConfig.defaults().withPort(0).withStorage("memory")
                .withGraphsConfig(Path.of("tool-agent.json")));
        client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void streamsPausesBeforeTheToolCallAndResumes() throws Exception {
        String thread = (String) map(call("POST", "/threads", Map.of(), 200)).get("thread_id");

        // (a) stream until the graph pauses before "tools"
        List<Sse> events = stream("/threads/" + thread + "/runs/stream", Map.of(
                "assistant_id", "tool_agent",
                "input", Map.of("messages", List.of(Map.of("role", "user", "content", "What is the weather in Paris?"))),
                "stream_mode", List.of("messages-tuple", "updates"),
                "interrupt_before", List.of("tools")));

        assertThat(events).extracting(Sse::event).doesNotContain("error").first().isEqualTo("metadata");
        assertThat(((Map<String, Object>) events.getFirst().data()).get("run_id")).isInstanceOf(String.class);

        List<Sse> chunks = events.stream().filter(e -> e.event().equals("messages")).toList();
        assertThat(chunks).hasSizeGreaterThan(1);
        StringBuilder text = new StringBuilder();
        for (Sse chunk : chunks) {
            List<Object> tuple = (List<Object>) chunk.data();
            Map<String, Object> message = (Map<String, Object>) tuple.get(0);
            Map<String, Object> metadata = (Map<String, Object>) tuple.get(1);
            assertThat(message).containsEntry("type", "ai")
                    .containsEntry("id", ((Map<String, Object>) ((List<Object>) chunks.getFirst().data()).get(0)).get("id"));
            assertThat(metadata).containsEntry("langgraph_node", "model").containsEntry("thread_id", thread)
                    .containsEntry("ls_provider", "scripted");
            text.append(message.get("content"));
        }
        assertThat(text.toString()).isEqualTo("Let me check the weather in Paris.");
        // the tool call streams too, as a chunk of the same message, as a chat model streams it
        Map<String, Object> callChunk = (Map<String, Object>) ((List<Object>) chunks.getLast().data()).get(0);
        assertThat(callChunk).containsEntry("content", "").containsEntry("tool_calls", List.of(PARIS_CALL))
                .containsEntry("tool_call_chunks", List.of(Map.of("name", "get_weather", "args", "{\"city\":\"Paris\"}",
                        "id", "call_1", "index", 0, "type", "tool_call_chunk")));

        List<Map<String, Object>> updates = events.stream().filter(e -> e.event().equals("updates"))
                .map(e -> (Map<String, Object>) e.data()).toList();
        assertThat(updates).isNotEmpty();
        Map<String, Object> modelUpdate = (Map<String, Object>) updates.getFirst().get("model");
        Map<String, Object> aiMessage = (Map<String, Object>) ((List<Object>) modelUpdate.get("messages")).getFirst();
        assertThat(aiMessage).containsEntry("type", "ai").containsEntry("content", text.toString())
                .containsEntry("tool_calls", List.of(PARIS_CALL));
        // the tools did not run; LangGraph ends with {"__interrupt__": []} here, which Spool may leave out
        assertThat(updates).noneMatch(u -> u.containsKey("tools"));
        for (Map<String, Object> update : updates.subList(1, updates.size())) {
            assertThat(update).containsOnlyKeys("__interrupt__");
        }

        Map<String, Object> paused = map(call("GET", "/threads/" + thread + "/state", null, 200));
        assertThat(paused.get("next")).isEqualTo(List.of("tools"));
        assertThat((List<Object>) ((Map<String, Object>) paused.get("values")).get("messages")).hasSize(2);
        assertThat(map(call("GET", "/threads/" + thread, null, 200))).containsEntry("status", "interrupted");

        // (b) a run without input goes on from the pause: the tool runs, then the model answers
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("assistant_id", "tool_agent");
        input.put("input", null);
        Map<String, Object> result = map(call("POST", "/threads/" + thread + "/runs/wait", input, 200));
        List<Map<String, Object>> messages = (List<Map<String, Object>>) result.get("messages");
        assertThat(messages).extracting(m -> m.get("type")).containsExactly("human", "ai", "tool", "ai");
        assertThat(messages.get(1).get("tool_calls")).isEqualTo(List.of(PARIS_CALL));
        assertThat(messages.get(2)).containsEntry("name", "get_weather").containsEntry("tool_call_id", "call_1")
                .containsEntry("content", "sunny, 21 degrees Celsius").containsEntry("status", "success");
        assertThat(messages.get(3)).containsEntry("content", "The weather in Paris is sunny, 21 degrees Celsius.")
                .containsEntry("tool_calls", List.of());

        Map<String, Object> done = map(call("GET", "/threads/" + thread + "/state", null, 200));
        assertThat(done.get("next")).isEqualTo(List.of());
        assertThat(map(call("GET", "/threads/" + thread, null, 200))).containsEntry("status", "idle");

        // (c) the history, newest first: input, model, (pause) tools, model, end
        List<Map<String, Object>> history =
                (List<Map<String, Object>>) Json.plain(call("GET", "/threads/" + thread + "/history", null, 200));
        assertThat(history).extracting(c -> ((Map<String, Object>) c.get("metadata")).get("step"))
                .containsExactly(3, 2, 1, 0, -1);
        assertThat(history).extracting(c -> c.get("next")).containsExactly(
                List.of(), List.of("model"), List.of("tools"), List.of("model"), List.of("__start__"));
        assertThat(history).extracting(c -> ((List<Object>) ((Map<String, Object>) c.get("values"))
                .getOrDefault("messages", List.of())).size()).containsExactly(4, 3, 2, 1, 0);
        for (int i = 0; i + 1 < history.size(); i++) {
            Object parent = ((Map<String, Object>) history.get(i).get("parent_checkpoint")).get("checkpoint_id");
            Object older = ((Map<String, Object>) history.get(i + 1).get("checkpoint")).get("checkpoint_id");
            assertThat(parent).isEqualTo(older);
            assertThat((String) history.get(i).get("created_at"))
                    .isGreaterThanOrEqualTo((String) history.get(i + 1).get("created_at"));
        }
        assertThat(history.getFirst().get("checkpoint")).isEqualTo(done.get("checkpoint"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theToolMessagesStreamWholeOnTheMessagesStream() throws Exception {
        String thread = (String) map(call("POST", "/threads", Map.of(), 200)).get("thread_id");
        List<Sse> events = stream("/threads/" + thread + "/runs/stream", Map.of(
                "assistant_id", "tool_agent",
                "input", Map.of("messages", List.of(Map.of("role", "user",
                        "content", "What is the weather in London and what is 2 + 3?"))),
                "stream_mode", "messages-tuple",
                "config", Map.of("configurable", Map.of("token_delay_ms", 0))));

        List<List<Object>> tuples = events.stream().filter(e -> e.event().equals("messages"))
                .map(e -> (List<Object>) e.data()).toList();
        List<Map<String, Object>> whole = tuples.stream().map(t -> (Map<String, Object>) t.get(0))
                .filter(m -> !m.containsKey("tool_call_chunks")).toList();
        // a node's returned messages come once, whole: the two tool messages; the AI messages were streamed
        // chunk by chunk and the user's message was the input
        assertThat(whole).extracting(m -> m.get("type"), m -> m.get("tool_call_id"), m -> m.get("content"))
                .containsExactly(tuple("tool", "call_1", "rainy, 14 degrees Celsius"), tuple("tool", "call_2", "5"));
        assertThat(tuples).filteredOn(t -> ((Map<String, Object>) t.get(0)).get("type").equals("tool"))
                .extracting(t -> ((Map<String, Object>) t.get(1)).get("langgraph_node")).containsOnly("tools");
        List<Map<String, Object>> stored = (List<Map<String, Object>>) ((Map<String, Object>) map(call("GET",
                "/threads/" + thread + "/state", null, 200)).get("values")).get("messages");
        assertThat(stored).extracting(m -> m.get("type")).containsExactly("human", "ai", "tool", "tool", "ai");
        assertThat(whole).extracting(m -> m.get("id"))
                .containsExactly(stored.get(2).get("id"), stored.get(3).get("id"));
        List<Object> callChunks = tuples.stream().map(t -> (Map<String, Object>) t.get(0))
                .flatMap(m -> ((List<Object>) m.getOrDefault("tool_call_chunks", List.of())).stream()).toList();
        assertThat(callChunks).extracting(c -> ((Map<String, Object>) c).get("id")).containsExactly("call_1", "call_2");
    }

    @Test
    @SuppressWarnings("unchecked")
    void withoutAnInterruptTheAgentLoopsThroughItsToolsToTheAnswer() throws Exception {
        String thread = (String) map(call("POST", "/threads", Map.of(), 200)).get("thread_id");
        Map<String, Object> result = map(call("POST", "/threads/" + thread + "/runs/wait", Map.of(
                "assistant_id", "tool_agent",
                "input", Map.of("messages", List.of(Map.of("role", "user",
                        "content", "What is the weather in London and what is 2 + 3?"))),
                "config", Map.of("configurable", Map.of("token_delay_ms", 0))), 200));

        List<Map<String, Object>> messages = (List<Map<String, Object>>) result.get("messages");
        assertThat(messages).extracting(m -> m.get("type")).containsExactly("human", "ai", "tool", "tool", "ai");
        assertThat((List<Map<String, Object>>) messages.get(1).get("tool_calls"))
                .extracting(c -> c.get("name"), c -> c.get("args"), c -> c.get("id"))
                .containsExactly(
                        tuple("get_weather", Map.of("city", "London"), "call_1"),
                        tuple("add", Map.of("a", 2, "b", 3), "call_2"));
        assertThat(messages.subList(2, 4)).extracting(m -> m.get("tool_call_id"), m -> m.get("content"))
                .containsExactly(tuple("call_1", "rainy, 14 degrees Celsius"),
                        tuple("call_2", "5"));
        assertThat(messages.getLast().get("content"))
                .isEqualTo("The weather in London is rainy, 14 degrees Celsius. 2 + 3 = 5.");
    }

    // --- HTTP and SSE, kept to this file ---

    private static byte[] call(String method, String path, Object body, int expectedStatus) throws Exception {
        HttpResponse<byte[]> response = client.send(request(method, path, body).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(method + " " + path + ": " + new String(response.body(),
                StandardCharsets.UTF_8)).isEqualTo(expectedStatus);
        return response.body();
    }

    /** Posts {@code body} and reads the whole event stream (the run ends, so does the response). */
    private static List<Sse> stream(String path, Object body) throws Exception {
        HttpResponse<String> response = client.send(
                request("POST", path, body).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        return parseSse(response.body());
    }

    private static HttpRequest.Builder request(String method, String path, Object body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(TIMEOUT);
        if (body == null) return builder.method(method, HttpRequest.BodyPublishers.noBody());
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
    }

    /** Events separated by blank lines; {@code :} comments (heartbeats) skipped; data parsed as JSON. */
    static List<Sse> parseSse(String text) {
        List<Sse> events = new ArrayList<>();
        String event = null;
        String id = null;
        StringBuilder data = null;
        for (String line : (text + "\n\n").split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (event != null || data != null) {
                    String raw = data == null ? "" : data.toString();
                    events.add(new Sse(event == null ? "message" : event,
                            raw.isEmpty() ? null : Json.plain(raw.getBytes(StandardCharsets.UTF_8)), id));
                }
                event = null;
                id = null;
                data = null;
            } else if (!line.startsWith(":")) {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) value = value.substring(1);
                switch (field) {
                    case "event" -> event = value;
                    case "id" -> id = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> {
                    }
                }
            }
        }
        return events;
    }

    private static Map<String, Object> map(byte[] json) {
        return Json.map(json);
    }
}
