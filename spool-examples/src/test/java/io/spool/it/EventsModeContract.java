package io.spool.it;

import static io.spool.it.RunStreams.REPLY;
import static io.spool.it.RunStreams.after;
import static io.spool.it.RunStreams.chat;
import static io.spool.it.RunStreams.runId;
import static io.spool.it.StreamAssertions.assertSameEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code events} stream mode: LangChain {@code astream_events} (v2) records, as the reference server sends them
 * (transcript {@code 15-stream-events}): {@code on_chain_start} / {@code on_chain_end} for the graph
 * ({@code LangGraph}, with the run's id) and for each task ({@code graph:step:N}, {@code langgraph_*} metadata), and
 * {@code on_chat_model_stream} per message chunk; derived by the server from what the runtime reports, on the run
 * stream, the run join and the thread stream alike.
 */
abstract class EventsModeContract extends ServerContract {

    private List<SseEvent> stream(String t, Map<String, Object> body) {
        return RunStreams.stream(http, t, body);
    }

    /** {@code "<event> <name> <tags>"} of each {@code events} event. */
    private static List<String> langChainEvents(List<SseEvent> events) {
        List<String> out = new ArrayList<>();
        for (SseEvent e : events) {
            if (!e.event().equals("events")) continue;
            JsonNode d = e.json();
            out.add(Json.str(d, "event") + " " + Json.str(d, "name") + " " + Json.strings(d.get("tags")));
        }
        return out;
    }

    private static List<JsonNode> named(List<SseEvent> events, String event, String name) {
        return events.stream().filter(e -> e.event().equals("events")).map(SseEvent::json)
                .filter(d -> event.equals(Json.str(d, "event")) && name.equals(Json.str(d, "name"))).toList();
    }

    @Test
    void eventsModeSendsLangChainChainEventsForTheGraphAndEachTask() {
        String t = api.createThread();
        List<SseEvent> events = stream(t, Api.agent(List.of("e"), List.of("events", "tasks"), 10));
        String run = runId(events);
        List<String> expected = new ArrayList<>(List.of("on_chain_start LangGraph []"));
        for (int step = 1; step <= 3; step++) {
            expected.add("on_chain_start step" + step + " [graph:step:" + step + "]");
            expected.add("on_chain_end step" + step + " [graph:step:" + step + "]");
        }
        expected.add("on_chain_end LangGraph []");
        assertEquals(expected, langChainEvents(events));

        JsonNode graphStart = named(events, "on_chain_start", "LangGraph").getFirst();
        assertEquals(run, Json.str(graphStart, "run_id"), "the graph's run id is the run's");
        assertEquals(Json.parse("{\"input\":{\"items\":[\"e\"]}}"), graphStart.get("data"));
        assertEquals(0, graphStart.get("parent_ids").size(), graphStart::toString);
        for (String key : List.of("graph_id", "assistant_id", "thread_id", "run_id")) {
            assertTrue(graphStart.get("metadata").has(key), () -> key + " in " + graphStart);
        }
        assertEquals(t, Json.str(graphStart.get("metadata"), "thread_id"));
        JsonNode graphEnd = named(events, "on_chain_end", "LangGraph").getFirst();
        assertEquals(run, Json.str(graphEnd, "run_id"));
        assertEquals(api.state(t).get("values"), graphEnd.get("data").get("output"), "the final state");

        List<String> taskIds = events.stream().filter(e -> e.event().equals("tasks") && e.json().has("input"))
                .map(e -> Json.str(e.json(), "id")).toList();
        Set<String> taskRuns = new HashSet<>();
        List<String> items = new ArrayList<>(List.of("e"));
        for (int step = 1; step <= 3; step++) {
            String node = "step" + step;
            JsonNode start = named(events, "on_chain_start", node).getFirst();
            JsonNode end = named(events, "on_chain_end", node).getFirst();
            assertEquals(Json.str(start, "run_id"), Json.str(end, "run_id"), "a task's start and end share a run id");
            assertTrue(taskRuns.add(Json.str(start, "run_id")), "each task has a run id of its own");
            assertEquals(List.of(run), Json.strings(start.get("parent_ids")), start::toString);
            JsonNode m = start.get("metadata");
            assertEquals(step, m.get("langgraph_step").asInt(), start::toString);
            assertEquals(node, Json.str(m, "langgraph_node"));
            assertEquals(List.of("branch:to:" + node), Json.strings(m.get("langgraph_triggers")));
            assertEquals(List.of("__pregel_pull", node), Json.strings(m.get("langgraph_path")));
            assertEquals(node + ":" + taskIds.get(step - 1), Json.str(m, "langgraph_checkpoint_ns"),
                    "the namespace names the task of the tasks events");
            assertEquals(Json.str(m, "langgraph_checkpoint_ns"), Json.str(m, "checkpoint_ns"));
            assertEquals(m, end.get("metadata"));
            assertEquals(items, Json.strings(start.path("data").path("input").get("items")), start::toString);
            assertEquals(items, Json.strings(end.path("data").path("input").get("items")), end::toString);
            assertEquals(Json.parse(Json.write(Map.of("items", List.of(node)))), end.path("data").get("output"));
            items.add(node);
        }
        assertEquals(6, events.stream().filter(e -> e.event().equals("tasks")).count(),
                "the tasks asked for next to events are there too");
    }

    @Test
    void eventsModeAloneAddsNoOtherModesEvents() {
        String t = api.createThread();
        List<SseEvent> agent = stream(t, Api.agent(List.of("a"), List.of("events"), 10));
        assertEquals(Set.of("events"), after(agent).stream().map(SseEvent::event).collect(Collectors.toSet()));
        List<SseEvent> chat = stream(api.createThread(), chat("events"));
        assertEquals(Set.of("events"), after(chat).stream().map(SseEvent::event).collect(Collectors.toSet()),
                "not the tasks and chunks the events are derived from");
    }

    @Test
    void eventsModeStreamsChatModelChunksInsideTheirTask() {
        String t = api.createThread();
        List<SseEvent> events = stream(t, chat(List.of("events")));
        String run = runId(events);
        JsonNode modelTask = named(events, "on_chain_start", "model").getFirst();
        StringBuilder text = new StringBuilder();
        for (SseEvent e : after(events)) {
            JsonNode d = e.json();
            if (!"on_chat_model_stream".equals(Json.str(d, "event"))) continue;
            JsonNode chunk = d.path("data").get("chunk");
            text.append(Json.str(chunk, "content"));
            assertEquals("ai", Json.str(chunk, "type"), e::toString);
            assertEquals("run-" + Json.str(d, "run_id"), Json.str(chunk, "id"), "the model's run id names the message");
            assertEquals("FakeListChatModel", Json.str(d, "name"), e::toString);
            assertEquals(List.of(run, Json.str(modelTask, "run_id")), Json.strings(d.get("parent_ids")), e::toString);
            assertEquals("model", Json.str(d.get("metadata"), "langgraph_node"), e::toString);
            assertEquals(1, d.get("metadata").get("langgraph_step").asInt(), e::toString);
            assertEquals("chat", Json.str(d.get("metadata"), "ls_model_type"), e::toString);
        }
        assertEquals(REPLY, text.toString());
        List<String> expected = new ArrayList<>(List.of("on_chain_start LangGraph []",
                "on_chain_start model [graph:step:1]", "on_chat_model_start FakeListChatModel []"));
        for (int i = 0; i < REPLY.length(); i++) expected.add("on_chat_model_stream FakeListChatModel []");
        expected.addAll(List.of("on_chat_model_end FakeListChatModel []", "on_chain_end model [graph:step:1]",
                "on_chain_end LangGraph []"));
        assertEquals(expected, langChainEvents(events));

        // the model's start and end, as LangChain reports them: the same run, its input, the whole message at the end
        JsonNode start = named(events, "on_chat_model_start", "FakeListChatModel").getFirst();
        JsonNode end = named(events, "on_chat_model_end", "FakeListChatModel").getFirst();
        JsonNode firstChunk = named(events, "on_chat_model_stream", "FakeListChatModel").getFirst();
        for (JsonNode d : List.of(start, end)) {
            assertEquals(Json.str(firstChunk, "run_id"), Json.str(d, "run_id"), d::toString);
            assertEquals(firstChunk.get("parent_ids"), d.get("parent_ids"), d::toString);
            assertEquals("model", Json.str(d.get("metadata"), "langgraph_node"), d::toString);
            JsonNode given = d.get("data").get("input").get("messages");
            assertEquals(1, given.size(), d::toString); // a batch of one message list
            assertEquals("hi", Json.str(given.get(0).get(0), "content"), d::toString);
        }
        JsonNode message = end.get("data").get("output");
        assertEquals(REPLY, Json.str(message, "content"), end::toString);
        assertEquals("ai", Json.str(message, "type"), end::toString);
        assertEquals(Json.str(firstChunk.get("data").get("chunk"), "id"), Json.str(message, "id"), end::toString);
    }

    @Test
    void aFailedTaskAndAPausedOneGetNoEndAndAFailedRunNoGraphEnd() {
        String t = api.createThread();
        List<SseEvent> failed = stream(t, Api.agent(List.of("f"), List.of("events"),
                Map.of("delay_ms", 10, "fail_at", "step2")));
        assertEquals(List.of("on_chain_start LangGraph []", "on_chain_start step1 [graph:step:1]",
                "on_chain_end step1 [graph:step:1]", "on_chain_start step2 [graph:step:2]"), langChainEvents(failed));
        assertEquals("error", failed.getLast().event(), failed::toString);

        String h = api.createThread();
        List<SseEvent> paused = stream(h, Map.of("assistant_id", "hitl", "input", Map.of("items", List.of("s")),
                "stream_mode", "events"));
        assertEquals(List.of("on_chain_start LangGraph []", "on_chain_start prepare [graph:step:1]",
                "on_chain_end prepare [graph:step:1]", "on_chain_start ask [graph:step:2]",
                "on_chain_end LangGraph []"), langChainEvents(paused));
        List<SseEvent> resumed = stream(h, Map.of("assistant_id", "hitl", "command", Map.of("resume", "ok"),
                "stream_mode", "events"));
        assertEquals(List.of("on_chain_start LangGraph []", "on_chain_start ask [graph:step:2]",
                "on_chain_end ask [graph:step:2]", "on_chain_start finish [graph:step:3]",
                "on_chain_end finish [graph:step:3]", "on_chain_end LangGraph []"), langChainEvents(resumed),
                "the resumed task keeps its step");
        assertEquals(Json.parse("{\"input\":{\"resume\":\"ok\"}}"),
                named(resumed, "on_chain_start", "LangGraph").getFirst().get("data"), "a command run's input");
    }

    @Test
    void eventsReachTheRunStreamTheRunJoinAndTheThreadStreamAlike() {
        String t = api.createThread();
        try (SseStream thread = http.stream("/threads/" + t + "/stream").expectOk()) {
            List<SseEvent> streamed = stream(t, Api.agent(List.of("j"), List.of("events", "values"), 10));
            String r = runId(streamed);
            List<SseEvent> onThread = thread.until(e -> e.isRunDone(r), SOON);
            assertSameEvents(streamed, onThread.subList(0, onThread.size() - 1), "the thread stream");

            List<SseEvent> onlyEvents = streamed.stream().filter(e -> e.isRunStart() || e.event().equals("events"))
                    .toList();
            try (SseStream join = http.stream("/threads/" + t + "/runs/" + r + "/stream?stream_mode=events", "-1")
                    .expectOk()) {
                assertSameEvents(onlyEvents, join.untilEnd(SOON), "the run join narrowed to events");
            }
            assertEquals(8, onlyEvents.size() - 1, onlyEvents::toString);
        }
    }
}
