package io.spool.it;

import static io.spool.it.StreamAssertions.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Protocol v2 over HTTP: {@code POST /threads/{t}/stream/events} framing (event = method, id = event_id of the
 * {@code <ms>-<seq>} shape, seq counted over the whole thread), resuming with {@code since} and
 * {@code Last-Event-ID} (exactly what follows, nothing evicted), and {@code POST /threads/{t}/commands} envelopes.
 */
abstract class ProtocolV2Contract extends ServerContract {

    private static final Duration LONG = Duration.ofSeconds(60);
    private static final Pattern EVENT_ID = Pattern.compile("(\\d+)-(\\d+)");
    private static final List<String> ALL = List.of("values", "updates", "messages", "tools", "lifecycle",
            "checkpoints", "input", "tasks", "custom");

    private String events(String t) {
        return "/threads/" + t + "/stream/events";
    }

    private JsonNode command(String t, long id, String method, Map<String, Object> params) {
        Http.Response r = http.postJson("/threads/" + t + "/commands", Map.of("id", id, "method", method,
                "params", params));
        assertEquals(200, r.status(), r::toString);
        assertEquals(id, r.json().get("id").asLong(), r::toString);
        return r.json();
    }

    private static Predicate<SseEvent> rootEnd(int nth) {
        int[] seen = {0};
        return e -> {
            JsonNode d = e.json();
            boolean end = "lifecycle".equals(e.event()) && d.get("params").get("namespace").isEmpty()
                    && List.of("completed", "interrupted", "failed")
                    .contains(d.get("params").get("data").get("event").asString());
            return end && ++seen[0] == nth;
        };
    }

    private static long seq(SseEvent e) {
        return e.json().get("seq").asLong();
    }

    private String runAgent(String t) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("assistant_id", "agent");
        params.put("input", Map.of("items", List.of("v2")));
        params.put("config", Map.of("configurable", Map.of("delay_ms", 20)));
        JsonNode ok = command(t, 1, "run.start", params);
        assertEquals("success", ok.get("type").asString(), ok::toString);
        assertEquals(t, ok.get("meta").get("thread_id").asString(), ok::toString);
        assertTrue(ok.get("meta").get("applied_through_seq").isIntegralNumber(), ok::toString);
        return ok.get("result").get("run_id").asString();
    }

    @Test
    void framesAreEventsWithDurableIdsAndSeqCountedOverTheThread() {
        String t = api.createThread();
        try (SseStream s = http.postStream(events(t), Map.of("channels", ALL)).expectOk()) {
            assertEquals("no-store", s.header("cache-control"));
            runAgent(t);
            List<SseEvent> all = s.until(rootEnd(1), LONG);
            long previous = 0;
            long previousMs = 0;
            for (SseEvent e : all) {
                JsonNode d = e.json();
                assertEquals("event", d.get("type").asString(), e::toString);
                assertEquals(e.event(), d.get("method").asString(), "event: is the method");
                assertEquals(e.id(), d.get("event_id").asString(), "id: is the event_id");
                Matcher m = EVENT_ID.matcher(e.id());
                assertTrue(m.matches(), () -> "event_id of the <ms>-<seq> shape: " + e.id());
                assertEquals(d.get("seq").asLong(), Long.parseLong(m.group(2)), "the event_id ends with the seq");
                assertEquals(d.get("params").get("timestamp").asLong(), Long.parseLong(m.group(1)));
                assertTrue(d.get("seq").asLong() > previous, "seq increases");
                assertTrue(Long.parseLong(m.group(1)) >= previousMs, "ms never goes back");
                previous = d.get("seq").asLong();
                previousMs = Long.parseLong(m.group(1));
                assertTrue(d.get("params").get("namespace").isArray(), e::toString);
            }
            assertEquals(1, seq(all.getFirst()), "every event of the thread is on this stream: seq starts at 1");
            assertEquals(all.size(), seq(all.getLast()), "and has no gaps");
            assertEquals("{\"event\":\"running\",\"graph_name\":\"agent\"}",
                    Json.canonical(all.getFirst().json().get("params").get("data")));
            assertEquals("{\"event\":\"completed\",\"graph_name\":\"agent\"}",
                    Json.canonical(all.getLast().json().get("params").get("data")));
            List<String> methods = all.stream().map(SseEvent::event).distinct().toList();
            assertEquals(List.of("lifecycle", "checkpoints", "values", "tasks", "custom", "updates"), methods);
            SseEvent update = all.stream().filter(e -> e.event().equals("updates")).findFirst().orElseThrow();
            assertEquals("step1", update.json().get("params").get("node").asString());
            assertEquals("{\"items\":[\"step1\"]}", Json.canonical(update.json().get("params").get("data")));
            SseEvent custom = all.stream().filter(e -> e.event().equals("custom")).findFirst().orElseThrow();
            assertTrue(custom.json().get("params").get("data").has("payload"), custom::toString);

            // a narrower stream numbers the same events the same
            try (SseStream values = http.postStream(events(t), Map.of("channels", List.of("values"))).expectOk()) {
                List<SseEvent> expected = all.stream().filter(e -> e.event().equals("values")).toList();
                List<SseEvent> got = values.take(expected.size(), SOON);
                assertEquals(expected.stream().map(SseEvent::id).toList(), got.stream().map(SseEvent::id).toList());
                assertEquals(expected.stream().map(SseEvent::data).toList(),
                        got.stream().map(SseEvent::data).toList());
            }
        }
    }

    @Test
    void sinceAndLastEventIdResumeWithExactlyWhatFollows() {
        String t = api.createThread();
        List<SseEvent> all;
        try (SseStream s = http.postStream(events(t), Map.of("channels", ALL)).expectOk()) {
            runAgent(t);
            all = s.until(rootEnd(1), LONG);
        }
        for (int k : new int[] {0, 1, all.size() / 2, all.size() - 2}) {
            SseEvent cursor = all.get(k);
            List<String> expected = all.subList(k + 1, all.size()).stream().map(SseEvent::id).toList();
            try (SseStream since = http.postStream(events(t), Map.of("channels", ALL, "since", seq(cursor)))
                    .expectOk();
                    SseStream last = http.postStream(events(t), Map.of("channels", ALL),
                            Map.of("Last-Event-ID", cursor.id())).expectOk();
                    SseStream bare = http.postStream(events(t), Map.of("channels", ALL),
                            Map.of("Last-Event-ID", Long.toString(seq(cursor)))).expectOk()) {
                for (SseStream r : List.of(since, last, bare)) {
                    assertEquals(expected, r.take(expected.size(), SOON).stream().map(SseEvent::id).toList(),
                            "resumed after " + cursor.id());
                }
            }
        }
        // a second run continues the numbering, and a cursor at the end of the first sees only the second
        try (SseStream tail = http.postStream(events(t), Map.of("channels", List.of("lifecycle")),
                Map.of("Last-Event-ID", all.getLast().id())).expectOk()) {
            runAgent(t);
            List<SseEvent> next = tail.until(rootEnd(1), LONG);
            assertEquals(2, next.size(), next::toString);
            assertEquals(seq(all.getLast()) + 1, seq(next.getFirst()), "the next run's first event");
            assertTrue(next.getFirst().data().contains("\"running\""), next::toString);
        }
    }

    @Test
    void aReaderCutMidRunResumesFromItsLastEventIdWithNothingLostOrRepeated() {
        String t = api.createThread();
        try (SseStream reference = http.postStream(events(t), Map.of("channels", ALL)).expectOk()) {
            SseStream client = http.postStream(events(t), Map.of("channels", ALL)).expectOk();
            runAgent(t);
            List<SseEvent> seen = new ArrayList<>();
            Predicate<SseEvent> end = rootEnd(1);
            boolean done = false;
            int cuts = 0;
            while (!done) {
                SseEvent e = client.next(LONG);
                seen.add(e);
                done = end.test(e);
                if (!done && seen.size() % 3 == 0) { // cut the connection, then reconnect after the last event
                    client.close();
                    cuts++;
                    client = http.postStream(events(t), Map.of("channels", ALL),
                            Map.of("Last-Event-ID", e.id())).expectOk();
                }
            }
            client.close();
            List<SseEvent> all = reference.until(rootEnd(1), LONG);
            assertTrue(cuts >= 3, "cut " + cuts + " times");
            assertEquals(all.stream().map(SseEvent::id).toList(), seen.stream().map(SseEvent::id).toList());
            assertEquals(all.stream().map(SseEvent::data).toList(), seen.stream().map(SseEvent::data).toList());
        }
    }

    @Test
    void interruptsAreInputRequestedAndInputRespondResumes() {
        String t = api.createThread();
        try (SseStream s = http.postStream(events(t), Map.of("channels", List.of("lifecycle", "input", "values")))
                .expectOk()) {
            command(t, 1, "run.start", Map.of("assistant_id", "hitl", "input", Map.of("items", List.of("x"))));
            List<SseEvent> first = s.until(rootEnd(1), LONG);
            SseEvent requested = first.stream().filter(e -> e.event().equals("input.requested")).findFirst()
                    .orElseThrow(() -> new AssertionError("no input.requested: " + first));
            JsonNode data = requested.json().get("params").get("data");
            assertEquals("{\"items_so_far\":[\"x\",\"prepare\"],\"question\":\"approve?\"}",
                    Json.canonical(data.get("payload")));
            assertTrue(first.getLast().data().contains("\"interrupted\""), first.getLast()::toString);

            JsonNode wrong = command(t, 2, "input.respond", Map.of("interrupt_id", "nope", "response", 1));
            assertEquals("error", wrong.get("type").asString(), wrong::toString);
            assertEquals("invalid_argument", wrong.get("error").asString(), wrong::toString);

            String interruptId = data.get("interrupt_id").asString();
            JsonNode ok = command(t, 3, "input.respond", Map.of("interrupt_id", interruptId, "response", "yes"));
            assertEquals("success", ok.get("type").asString(), ok::toString);
            List<SseEvent> second = s.until(rootEnd(1), LONG);
            assertTrue(second.getFirst().data().contains("\"running\""), second::toString);
            assertTrue(second.getLast().data().contains("\"completed\""), second::toString);
            JsonNode state = command(t, 4, "state.get", Map.of());
            assertEquals("{\"answer\":\"yes\",\"items\":[\"x\",\"prepare\",\"ask\",\"finish:\\\"yes\\\"\"]}",
                    Json.canonical(state.get("result").get("values")));
            assertNotNull(state.get("result").get("checkpoint").get("id").asString());
            JsonNode again = command(t, 5, "input.respond", Map.of("interrupt_id", interruptId, "response", "no"));
            assertEquals("error", again.get("type").asString(), "nothing is pending any more: " + again);
        }
    }

    @Test
    void badRequestsAreClientErrorsInTheClientsTerms() {
        String t = api.createThread();
        assertJsonError(http.postJson(events(t), Map.of("channels", List.of("values"), "extra", 1)), 422);
        assertJsonError(http.postJson(events(t), Map.of("channels", "values")), 422);
        assertJsonError(http.postJson(events(t), Map.of("channels", List.of("nope"))), 422);
        assertJsonError(http.postJson(events(t), Map.of("channels", List.of("values"), "since", -1)), 422);
        assertJsonError(http.postJson(events(t), Map.of("channels", List.of("values"), "namespaces", "x")), 422);
        assertJsonError(http.postJson(events(t), Map.of()), 422);
        assertJsonError(http.postJson(events("00000000-0000-0000-0000-000000000000"),
                Map.of("channels", List.of("values"))), 404);
        String commands = "/threads/" + t + "/commands";
        assertJsonError(http.postJson(commands, Map.of("method", "state.get")), 400);
        assertJsonError(http.postJson(commands, Map.of("id", 1)), 400);
        assertJsonError(http.post(commands, "{not json"), 422);
        assertJsonError(http.postJson("/threads/00000000-0000-0000-0000-000000000000/commands",
                Map.of("id", 1, "method", "state.get")), 404);
        assertJsonError(http.postJson(commands, Map.of("id", 1, "method", "run.start",
                "params", Map.of("assistant_id", "no-such-graph"))), 404);

        JsonNode unknown = command(t, 7, "nope", Map.of());
        assertEquals("error", unknown.get("type").asString());
        assertEquals("unknown_command", unknown.get("error").asString());
        JsonNode noAssistant = command(t, 8, "run.start", Map.of());
        assertEquals("invalid_argument", noAssistant.get("error").asString(), noAssistant::toString);
        JsonNode subscribe = command(t, 9, "subscription.subscribe", Map.of("channels", List.of("values")));
        assertEquals("not_supported", subscribe.get("error").asString(), subscribe::toString);
        JsonNode noRun = command(t, 10, "agent.getTree", Map.of());
        assertEquals("no_such_run", noRun.get("error").asString(), noRun::toString);
    }

    @Test
    void runStartCreatesTheThreadItNames() {
        String t = java.util.UUID.randomUUID().toString();
        String run = runAgent(t);
        try (SseStream s = http.postStream(events(t), Map.of("channels", List.of("lifecycle"))).expectOk()) {
            List<SseEvent> lifecycle = s.until(rootEnd(1), LONG);
            assertEquals(2, lifecycle.size(), lifecycle::toString);
        }
        assertEquals(t, api.getRun(t, run).get("thread_id").asString());
        JsonNode tree = command(t, 2, "agent.getTree", Map.of());
        assertEquals("{\"graph_name\":\"agent\",\"namespace\":[],\"status\":\"completed\"}",
                Json.canonical(tree.get("result").get("tree")));
    }
}
