package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Protocol v2 over WebSocket ({@code GET /threads/{t}/stream/events} upgraded), with the JDK's client: commands and
 * their envelopes, subscriptions (answer first, then the replay, then live; {@code since}; unsubscribe), the same
 * events with the same ids as the SSE stream, errors as envelopes, a deleted thread closing the socket with 4404.
 */
abstract class ProtocolSocketContract extends ServerContract {

    static final Duration LONG = Duration.ofSeconds(60);
    private static final List<String> ALL = List.of("values", "updates", "messages", "tools", "lifecycle",
            "checkpoints", "input", "tasks", "custom");

    private static boolean isEvent(JsonNode m) {
        return "event".equals(m.get("type").asString());
    }

    private static List<JsonNode> events(List<JsonNode> messages) {
        return messages.stream().filter(ProtocolSocketContract::isEvent).toList();
    }

    private static boolean rootEnd(JsonNode e) {
        return isEvent(e) && "lifecycle".equals(e.get("method").asString())
                && e.get("params").get("namespace").isEmpty()
                && List.of("completed", "interrupted", "failed")
                .contains(e.get("params").get("data").get("event").asString());
    }

    private static Predicate<List<JsonNode>> ends(int n) {
        return all -> all.stream().filter(ProtocolSocketContract::rootEnd).count() >= n;
    }

    private static Map<String, Object> agentRun(String item) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("assistant_id", "agent");
        params.put("input", Map.of("items", List.of(item)));
        params.put("config", Map.of("configurable", Map.of("delay_ms", 20)));
        return params;
    }

    @Test
    void runStartOnTheSocketOfANewThreadStreamsItsEventsOnceInOrderAsTheSseStreamHasThem() {
        String t = UUID.randomUUID().toString(); // as the SDK does: the socket comes first, run.start creates it
        try (ProtocolSocketClient ws = ProtocolSocketClient.open(http.base.getPort(), t)) {
            ws.send(1, "subscription.subscribe", Map.of("channels", ALL));
            JsonNode subscribed = ws.reply(1, SOON);
            assertEquals("success", subscribed.get("type").asString(), subscribed::toString);
            assertTrue(subscribed.get("result").get("subscription_id").isString(), subscribed::toString);
            ws.send(2, "run.start", agentRun("ws"));
            JsonNode started = ws.reply(2, SOON);
            assertEquals("success", started.get("type").asString(), started::toString);
            assertEquals(t, started.get("meta").get("thread_id").asString());
            String runId = started.get("result").get("run_id").asString();
            List<JsonNode> events = events(ws.until(ends(1), LONG));
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1, events.get(i).get("seq").asLong(), "every event once, in order, no gaps");
            }
            assertEquals("{\"event\":\"running\",\"graph_name\":\"agent\"}",
                    Json.canonical(events.getFirst().get("params").get("data")));
            assertEquals("success", api.getRun(t, runId).get("status").asString());

            // the SSE stream of the same thread: the same events, the same ids, the same envelopes
            try (SseStream sse = http.postStream("/threads/" + t + "/stream/events", Map.of("channels", ALL))
                    .expectOk()) {
                List<SseEvent> expected = sse.take(events.size(), SOON);
                assertEquals(expected.stream().map(e -> Json.canonical(e.data())).toList(),
                        events.stream().map(Json::canonical).toList());
            }

            ws.send(3, "state.get", Map.of());
            JsonNode state = ws.reply(3, SOON);
            assertEquals("{\"items\":[\"ws\",\"step1\",\"step2\",\"step3\"]}",
                    Json.canonical(state.get("result").get("values")));
            ws.send(4, "agent.getTree", Map.of());
            assertEquals("completed", ws.reply(4, SOON).get("result").get("tree").get("status").asString());
        }
    }

    @Test
    void aSubscriptionAnswersFirstThenReplaysWhatItsFilterTakesThenGoesLive() {
        String t = api.createThread();
        api.waitRun(t, agentRun("first"));
        try (ProtocolSocketClient ws = ProtocolSocketClient.open(http.base.getPort(), t)) {
            ws.send(1, "subscription.subscribe", Map.of("channels", List.of("lifecycle", "values")));
            List<JsonNode> first = ws.until(ends(1), SOON);
            assertTrue(ProtocolSocketClient.isReply(first.getFirst(), 1), "the answer comes before the replay");
            String subscription = first.getFirst().get("result").get("subscription_id").asString();
            List<JsonNode> replayed = events(first);
            assertEquals(List.of("lifecycle", "values"),
                    replayed.stream().map(e -> e.get("method").asString()).distinct().sorted().toList());

            // since: exactly what follows that seq, on its own subscription of the same socket
            long cut = replayed.get(2).get("seq").asLong();
            int before = first.size();
            ws.send(2, "subscription.subscribe", Map.of("channels", List.of("lifecycle", "values"), "since", cut));
            List<JsonNode> upToNow = ws.until(all -> all.size() > before
                    && ends(1).test(all.subList(before, all.size())), SOON);
            List<JsonNode> second = upToNow.subList(before, upToNow.size());
            assertTrue(ProtocolSocketClient.isReply(second.getFirst(), 2), second::toString);
            assertEquals(replayed.stream().filter(e -> e.get("seq").asLong() > cut).map(Json::canonical).toList(),
                    events(second).stream().map(Json::canonical).toList());

            // live: a second run arrives once on the socket, though both subscriptions take it
            ws.send(3, "subscription.unsubscribe", Map.of("subscription_id", subscription));
            assertEquals("success", ws.reply(3, SOON).get("type").asString());
            int mark = ws.until(all -> true, SOON).size();
            api.waitRun(t, agentRun("second"));
            List<JsonNode> later = ws.until(all -> ends(1).test(all.subList(mark, all.size())), SOON);
            List<JsonNode> live = events(later.subList(mark, later.size()));
            assertEquals(live.size(), live.stream().map(e -> e.get("event_id").asString()).distinct().count(),
                    "no event twice");
            assertEquals("running", live.getFirst().get("params").get("data").get("event").asString());
        }
    }

    @Test
    void badCommandsAreErrorEnvelopesAndTheSocketStaysOpen() {
        String t = UUID.randomUUID().toString();
        try (ProtocolSocketClient ws = ProtocolSocketClient.open(http.base.getPort(), t)) {
            ws.sendText("not json");
            ws.sendText("{\"method\":\"state.get\"}");
            ws.send(1, "state.get", Map.of());
            ws.send(2, "subscription.subscribe", Map.of("channels", List.of("nope")));
            ws.send(3, "subscription.subscribe", Map.of("channels", List.of("values"), "colour", "red"));
            ws.send(4, "subscription.unsubscribe", Map.of("subscription_id", "none"));
            ws.send(5, "no.such.command", Map.of());
            ws.send(6, "run.start", Map.of("input", Map.of()));
            ws.send(7, "run.start", Map.of("assistant_id", "no-such-graph", "input", Map.of()));
            List<JsonNode> replies = ws.until(all -> all.size() >= 9, SOON);
            assertEquals(List.of("error null invalid_argument", "error null invalid_argument",
                            "error 1 not_found", "error 2 invalid_argument", "error 3 invalid_argument",
                            "error 4 no_such_subscription", "error 5 unknown_command", "error 6 invalid_argument",
                            "error 7 not_found"),
                    replies.stream().map(m -> m.get("type").asString() + " " + m.get("id") + " "
                            + m.get("error").asString()).toList());
            for (JsonNode m : replies) assertTrue(m.get("message").asString().length() > 10, m::toString);
            assertTrue(replies.get(3).get("message").asString().contains("nope"), replies.get(3)::toString);
            // still open: a good command is answered
            ws.send(8, "run.start", agentRun("after errors"));
            assertEquals("success", ws.reply(8, SOON).get("type").asString());
        }
    }

    @Test
    void deletingTheThreadClosesItsSocketsWith4404() throws Exception {
        String t = api.createThread();
        api.waitRun(t, agentRun("gone"));
        try (ProtocolSocketClient ws = ProtocolSocketClient.open(http.base.getPort(), t)) {
            ws.send(1, "subscription.subscribe", Map.of("channels", List.of("lifecycle")));
            ws.until(ends(1), SOON);
            assertEquals(204, http.delete("/threads/" + t).status());
            String closed = ws.closedWith(SOON);
            assertTrue(closed.startsWith("4404 "), closed); // the SDK ends its stream with status 404
        }
    }

    @Test
    void aGetWithoutUpgradeIs426() {
        Http.Response r = http.get("/threads/" + UUID.randomUUID() + "/stream/events");
        assertEquals(426, r.status(), r::toString);
        assertTrue(Json.str(r.json(), "detail").contains("WebSocket"), r::toString);
    }
}
