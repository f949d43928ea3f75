package io.spool.it;

import static io.spool.it.RunStreams.REPLY;
import static io.spool.it.RunStreams.RUN;
import static io.spool.it.RunStreams.after;
import static io.spool.it.RunStreams.chat;
import static io.spool.it.RunStreams.runId;
import static io.spool.it.StreamAssertions.assertJsonError;
import static io.spool.it.StreamAssertions.assertSameEvents;
import static io.spool.it.StreamAssertions.assertWellFramed;
import static io.spool.it.StreamAssertions.shapes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Every {@code stream_mode} of {@code POST /threads/{t}/runs/stream}: {@code values}, {@code updates},
 * {@code custom}, {@code messages-tuple} (event {@code messages}), legacy {@code messages}
 * ({@code messages/metadata}, {@code messages/partial}, {@code messages/complete}), {@code debug}, {@code tasks},
 * {@code checkpoints} ({@code events} has {@link EventsModeContract}); plus the run join narrowed with
 * {@code ?stream_mode=}.
 */
abstract class RunStreamModesContract extends ServerContract {

    private static final Set<String> CHECKPOINT_KEYS = Set.of("config", "parent_config", "values", "metadata", "next",
            "tasks");

    private List<SseEvent> stream(String t, Map<String, Object> body) {
        return RunStreams.stream(http, t, body);
    }

    private static String checkpointIdOf(JsonNode config) {
        return Json.str(config.get("configurable"), "checkpoint_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"values", "updates", "custom", "values,updates,custom", "custom,updates"})
    void agentModesCarryExactlyTheirEvents(String csv) {
        List<String> modes = List.of(csv.split(","));
        String t = api.createThread();
        List<SseEvent> events = stream(t, Api.agent(List.of("in"), modes, 10));
        assertEquals(AgentEvents.run(runId(events), modes, List.of(), List.of("in")), shapes(events), csv);
    }

    @Test
    void aSingleModeMayBeAStringAndNoModeMeansValues() {
        String t = api.createThread();
        Map<String, Object> asString = Api.with(Api.agent(List.of("a"), List.of(), 10), "stream_mode", "updates");
        List<SseEvent> updates = stream(t, asString);
        assertEquals(AgentEvents.run(runId(updates), List.of("updates"), List.of(), List.of("a")), shapes(updates));

        Map<String, Object> noMode = new LinkedHashMap<>(Api.agent(List.of("b"), List.of(), 10));
        noMode.remove("stream_mode");
        List<SseEvent> values = stream(t, noMode);
        assertEquals(AgentEvents.run(runId(values), List.of("values"), AgentEvents.itemsAfter(List.of(),
                List.of("a")), List.of("b")), shapes(values));
    }

    @Test
    void messagesTupleStreamsTheReplyChunkByChunkWithItsMetadata() {
        String t = api.createThread();
        List<SseEvent> events = stream(t, chat("messages-tuple"));
        String run = runId(events);
        StringBuilder text = new StringBuilder();
        Set<String> ids = new HashSet<>();
        for (SseEvent e : after(events)) {
            assertEquals("messages", e.event(), e::toString);
            JsonNode tuple = e.json();
            assertTrue(tuple.isArray() && tuple.size() == 2, e::toString);
            JsonNode chunk = tuple.get(0);
            JsonNode metadata = tuple.get(1);
            assertEquals(1, Json.str(chunk, "content").length(), () -> "one character per chunk: " + e);
            text.append(Json.str(chunk, "content"));
            ids.add(Json.str(chunk, "id"));
            assertEquals("model", Json.str(metadata, "langgraph_node"), e::toString);
            assertEquals(1, metadata.path("langgraph_step").asInt(), e::toString);
            assertEquals(run, Json.str(metadata, "run_id"), e::toString);
            assertEquals(t, Json.str(metadata, "thread_id"), e::toString);
        }
        assertEquals(REPLY, text.toString());
        assertEquals(1, ids.size(), () -> "every chunk has the message's id: " + ids);
        assertNotNull(ids.iterator().next());
        // the finished message is in the state with the same id
        JsonNode messages = api.state(t).path("values").get("messages");
        JsonNode last = messages.get(messages.size() - 1);
        assertEquals(REPLY, Json.str(last, "content"), messages::toString);
        assertEquals(ids.iterator().next(), Json.str(last, "id"), messages::toString);
    }

    @Test
    void legacyMessagesModeSendsMetadataThenAccumulatedPartialsThenTheCompleteMessage() {
        String t = api.createThread();
        List<SseEvent> events = stream(t, chat("messages"));
        List<SseEvent> rest = after(events);
        SseEvent meta = rest.stream().filter(e -> e.event().equals("messages/metadata")).findFirst()
                .orElseThrow(() -> new AssertionError("no messages/metadata in " + events));
        assertEquals(1, meta.json().size(), meta::toString);
        String id = meta.json().propertyNames().iterator().next();
        assertEquals("model", Json.str(meta.json().get(id).get("metadata"), "langgraph_node"), meta::toString);

        List<String> ofReply = new ArrayList<>();
        for (SseEvent e : rest) {
            assertTrue(Set.of("messages/metadata", "messages/partial", "messages/complete").contains(e.event()),
                    () -> "only messages/* events in legacy mode: " + e);
            if (e.event().equals("messages/metadata")) {
                if (e.json().has(id)) ofReply.add("metadata");
                continue;
            }
            JsonNode list = e.json();
            assertTrue(list.isArray() && list.size() == 1, e::toString);
            JsonNode message = list.get(0);
            if (!id.equals(Json.str(message, "id"))) {
                assertEquals("messages/complete", e.event(), () -> "other messages (the input) come complete: " + e);
                continue;
            }
            assertEquals("ai", Json.str(message, "type"), e::toString);
            ofReply.add(e.event().substring("messages/".length()) + " " + Json.str(message, "content"));
        }
        List<String> expected = new ArrayList<>();
        expected.add("metadata");
        for (int i = 1; i <= REPLY.length(); i++) expected.add("partial " + REPLY.substring(0, i));
        expected.add("complete " + REPLY);
        assertEquals(expected, ofReply, "the reply's events: H, He, Hel, ... then complete");
    }

    @Test
    void debugModeReportsCheckpointsAndTasksStepByStep() {
        String t = api.createThread();
        List<SseEvent> events = stream(t, Api.agent(List.of("in"), List.of("debug"), 10));
        JsonNode history = api.history(t, "");
        List<String> kinds = new ArrayList<>();
        Map<String, String> taskIds = new LinkedHashMap<>();
        int checkpoint = history.size();
        for (SseEvent e : after(events)) {
            assertEquals("debug", e.event(), e::toString);
            JsonNode d = e.json();
            assertEquals(Set.of("step", "type", "timestamp", "payload"), Set.copyOf(d.propertyNames()), e::toString);
            OffsetDateTime.parse(Json.str(d, "timestamp"));
            String type = Json.str(d, "type");
            int step = d.get("step").asInt();
            JsonNode p = d.get("payload");
            kinds.add(type + " " + step);
            switch (type) {
                case "checkpoint" -> {
                    JsonNode entry = history.get(--checkpoint);
                    assertTrue(p.propertyNames().containsAll(CHECKPOINT_KEYS), e::toString);
                    assertEquals(States.checkpointId(entry), checkpointIdOf(p.get("config")), e::toString);
                    assertEquals(entry.get("values"), p.get("values"), e::toString);
                    assertEquals(entry.get("metadata"), p.get("metadata"), e::toString);
                    assertEquals(entry.get("next"), p.get("next"), e::toString);
                    assertEquals(States.step(entry), step, e::toString);
                }
                case "task" -> {
                    String node = "step" + step;
                    assertEquals(node, Json.str(p, "name"), e::toString);
                    assertEquals(List.of("branch:to:" + node), Json.strings(p.get("triggers")), e::toString);
                    assertEquals(AgentEvents.itemsAfter(List.of(), List.of("in")).subList(0, step),
                            Json.strings(p.path("input").get("items")), e::toString);
                    assertEquals(0, p.get("interrupts").size(), e::toString);
                    assertNull(taskIds.put(node, Json.str(p, "id")), e::toString);
                }
                case "task_result" -> {
                    String node = "step" + step;
                    assertEquals(node, Json.str(p, "name"), e::toString);
                    assertEquals(taskIds.get(node), Json.str(p, "id"), () -> "same id as the task: " + e);
                    assertEquals(Json.parse(Json.write(Map.of("items", List.of(node)))), p.get("result"),
                            e::toString);
                    assertTrue(p.get("error").isNull(), e::toString);
                    assertEquals(0, p.get("interrupts").size(), e::toString);
                }
                default -> throw new AssertionError("unknown debug type: " + e);
            }
        }
        assertEquals(List.of("checkpoint -1", "checkpoint 0", "task 1", "task_result 1", "checkpoint 1", "task 2",
                "task_result 2", "checkpoint 2", "task 3", "task_result 3", "checkpoint 3"), kinds);
        assertEquals(3, new HashSet<>(taskIds.values()).size(), taskIds::toString);
    }

    @Test
    void debugCheckpointPayloadsNameTheirCheckpointAndParent() {
        String t = api.createThread();
        List<SseEvent> events = stream(t, Api.agent(List.of("in"), List.of("debug"), 10));
        for (SseEvent e : after(events)) {
            JsonNode d = e.json();
            if (!"checkpoint".equals(Json.str(d, "type"))) continue;
            JsonNode p = d.get("payload");
            assertEquals(checkpointIdOf(p.get("config")), Json.str(p.get("checkpoint"), "checkpoint_id"),
                    e::toString);
            assertEquals(t, Json.str(p.get("checkpoint"), "thread_id"), e::toString);
            if (p.get("parent_config").isNull()) {
                assertTrue(p.has("parent_checkpoint") && p.get("parent_checkpoint").isNull(), e::toString);
            } else {
                assertEquals(checkpointIdOf(p.get("parent_config")),
                        Json.str(p.get("parent_checkpoint"), "checkpoint_id"), e::toString);
            }
        }
    }

    @Test
    void tasksModeReportsEachNodeStartAndResult() {
        String t = api.createThread();
        List<SseEvent> events = stream(t, Api.agent(List.of("in"), List.of("tasks"), 10));
        List<String> kinds = new ArrayList<>();
        Map<String, String> started = new LinkedHashMap<>();
        List<String> items = new ArrayList<>(List.of("in"));
        for (SseEvent e : after(events)) {
            assertEquals("tasks", e.event(), e::toString);
            JsonNode p = e.json();
            String node = Json.str(p, "name");
            assertTrue(Json.str(p, "id") != null && !Json.str(p, "id").isBlank(), e::toString);
            if (p.has("input")) {
                kinds.add("start " + node);
                assertEquals(items, Json.strings(p.path("input").get("items")), e::toString);
                assertEquals(List.of("branch:to:" + node), Json.strings(p.get("triggers")), e::toString);
                assertEquals(0, p.get("interrupts").size(), e::toString);
                started.put(node, Json.str(p, "id"));
            } else {
                kinds.add("result " + node);
                assertEquals(started.get(node), Json.str(p, "id"), () -> "result has its start's id: " + e);
                assertEquals(Json.parse(Json.write(Map.of("items", List.of(node)))), p.get("result"), e::toString);
                assertTrue(p.get("error").isNull(), e::toString);
                assertEquals(0, p.get("interrupts").size(), e::toString);
                items.add(node);
            }
        }
        assertEquals(List.of("start step1", "result step1", "start step2", "result step2", "start step3",
                "result step3"), kinds);
        assertEquals(3, new HashSet<>(started.values()).size(), started::toString);
    }

    @Test
    void tasksModeShowsTheInterruptOfAPausedTask() {
        String t = api.createThread();
        List<SseEvent> events = stream(t, Map.of("assistant_id", "hitl", "input", Map.of("items", List.of("s")),
                "stream_mode", "tasks"));
        SseEvent last = events.getLast();
        JsonNode p = last.json();
        assertEquals("ask", Json.str(p, "name"), events::toString);
        assertTrue(p.get("result").isNull() && p.get("error").isNull(), last::toString);
        JsonNode pending = api.state(t).get("interrupts");
        assertEquals(pending, p.get("interrupts"), "the task's interrupt is the thread's pending one");
        assertEquals(5, events.size(), () -> "start marker, prepare start/result, ask start/result: " + events);
    }

    @Test
    void checkpointsModeSendsEachSavedCheckpointAsTheHistoryHasIt() {
        String t = api.createThread();
        List<SseEvent> events = stream(t, Api.agent(List.of("in"), List.of("checkpoints"), 10));
        JsonNode history = api.history(t, "");
        List<SseEvent> rest = after(events);
        assertEquals(5, rest.size(), events::toString);
        assertEquals(5, history.size());
        String previous = null;
        for (int i = 0; i < rest.size(); i++) {
            SseEvent e = rest.get(i);
            assertEquals("checkpoints", e.event(), e::toString);
            JsonNode p = e.json();
            assertEquals(CHECKPOINT_KEYS, Set.copyOf(p.propertyNames()), e::toString);
            JsonNode entry = history.get(history.size() - 1 - i);
            String id = checkpointIdOf(p.get("config"));
            assertEquals(States.checkpointId(entry), id, e::toString);
            assertEquals(t, Json.str(p.get("config").get("configurable"), "thread_id"), e::toString);
            if (previous == null) assertTrue(p.get("parent_config").isNull(), e::toString);
            else assertEquals(previous, checkpointIdOf(p.get("parent_config")), e::toString);
            assertEquals(entry.get("values"), p.get("values"), e::toString);
            assertEquals(entry.get("metadata"), p.get("metadata"), e::toString);
            assertEquals(entry.get("next"), p.get("next"), e::toString);
            List<String> taskNames = new ArrayList<>();
            for (JsonNode task : p.get("tasks")) taskNames.add(Json.str(task, "name"));
            assertEquals(States.next(entry), taskNames, e::toString);
            previous = id;
        }
        assertEquals(List.of("input", "loop", "loop", "loop", "loop"),
                rest.stream().map(e -> Json.str(e.json().get("metadata"), "source")).toList());
    }

    @Test
    void taskIdsInTasksEventsMatchTheTasksOfTheCheckpointBefore() {
        String t = api.createThread();
        List<SseEvent> events = stream(t, Api.agent(List.of("in"), List.of("checkpoints", "tasks"), 10));
        Map<String, String> announced = new LinkedHashMap<>();
        int starts = 0;
        for (SseEvent e : after(events)) {
            JsonNode p = e.json();
            if (e.event().equals("checkpoints")) {
                for (JsonNode task : p.get("tasks")) announced.put(Json.str(task, "name"), Json.str(task, "id"));
            } else if (p.has("input")) {
                starts++;
                assertEquals(announced.get(Json.str(p, "name")), Json.str(p, "id"),
                        () -> "task id of " + e + " vs the checkpoint's tasks " + announced);
            }
        }
        assertEquals(3, starts);

        String h = api.createThread();
        List<SseEvent> hitl = stream(h, Map.of("assistant_id", "hitl", "input", Map.of("items", List.of("s")),
                "stream_mode", "tasks"));
        String taskId = Json.str(hitl.getLast().json(), "id");
        JsonNode interrupts = api.getThread(h).get("interrupts");
        assertEquals(Set.of(taskId), Set.copyOf(interrupts.propertyNames()),
                "thread.interrupts is keyed by the paused task's id");
    }

    @Test
    void aRunJoinNarrowedByStreamModeReplaysOnlyThatMode() {
        String t = api.createThread();
        String r = api.createRunId(t, Api.agent(List.of("j"), List.of("values", "updates", "custom"), 10));
        assertEquals("success", api.awaitRunStatus(t, r, Api.TERMINAL, RUN));
        String path = "/threads/" + t + "/runs/" + r + "/stream";

        List<SseEvent> all;
        try (SseStream s = http.stream(path, "-1").expectOk()) {
            all = s.untilEnd(SOON);
        }
        assertEquals(AgentEvents.run(r, List.of("values", "updates", "custom"), List.of(), List.of("j")),
                shapes(all));

        Map<String, List<String>> queries = new LinkedHashMap<>();
        queries.put("stream_mode=updates", List.of("updates"));
        queries.put("stream_mode=values", List.of("values"));
        queries.put("stream_mode=custom&stream_mode=updates", List.of("custom", "updates"));
        queries.put("stream_mode=messages-tuple", List.of());
        for (var q : queries.entrySet()) {
            try (SseStream s = http.stream(path + "?" + q.getKey(), "-1").expectOk()) {
                List<SseEvent> got = s.untilEnd(SOON);
                assertWellFramed(s);
                List<SseEvent> expected = all.stream().filter(e -> e.isRunStart()
                        || q.getValue().contains(e.event())).toList();
                assertSameEvents(expected, got, "join ?" + q.getKey());
                assertEquals(AgentEvents.run(r, q.getValue(), List.of(), List.of("j")), shapes(got), q.getKey());
            }
        }
        assertJsonError(http.stream(path + "?stream_mode=bogus", "-1"), 422);
    }

    @Test
    void everyModeAtOnceKeepsEachModesOwnEvents() {
        String t = api.createThread();
        List<String> modes = List.of("values", "updates", "custom", "debug", "tasks", "checkpoints", "events");
        List<SseEvent> events = stream(t, Api.agent(List.of("m"), modes, 10));
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (SseEvent e : after(events)) counts.merge(e.event(), 1, Integer::sum);
        assertEquals(Map.of("values", 4, "updates", 3, "custom", 6, "debug", 11, "tasks", 6, "checkpoints", 5,
                "events", 8), counts, events::toString);
        // and the values/updates/custom events are exactly those of a run in those modes alone
        List<SseEvent> basic = events.stream().filter(e -> e.isRunStart()
                || Set.of("values", "updates", "custom").contains(e.event())).toList();
        assertEquals(AgentEvents.run(runId(events), List.of("values", "updates", "custom"), List.of(),
                List.of("m")), shapes(basic));
        assertNotEquals(0, events.size());
    }
}
