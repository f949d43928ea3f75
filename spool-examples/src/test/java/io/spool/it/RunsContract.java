package io.spool.it;

import static io.spool.it.StreamAssertions.assertIdsStrictlyIncreasing;
import static io.spool.it.StreamAssertions.assertJsonError;
import static io.spool.it.StreamAssertions.assertSameEvents;
import static io.spool.it.StreamAssertions.assertWellFramed;
import static io.spool.it.StreamAssertions.shapes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Runs around the thread stream: run streams share the thread log's ids and end after the run, joins replay,
 * {@code runs/wait}, cancel, graph errors, stateless runs, interrupts, {@code multitask_strategy}.
 */
abstract class RunsContract extends ServerContract {

    private static final Duration RUN = Duration.ofSeconds(30);

    @Test
    void runStreamCarriesTheRunsEventsWithThreadLogIdsAndEnds() {
        String t = api.createThread();
        List<SseEvent> events;
        String runId;
        try (SseStream s = http.postStream("/threads/" + t + "/runs/stream",
                Api.agent(List.of("in"), List.of("values"), 20)).expectOk()) {
            events = s.untilEnd(RUN);
            assertFalse(events.isEmpty(), "no events on the run stream");
            runId = Json.str(events.getFirst().json(), "run_id");
            assertNotNull(runId, events.getFirst()::toString);
            String contentLocation = s.header("content-location");
            assertNotNull(contentLocation, "Content-Location");
            assertEquals("/threads/" + t + "/runs/" + runId, URI.create(contentLocation).getPath());
            String location = s.header("location");
            assertNotNull(location, "Location (so SDKs can rejoin)");
            assertEquals("/threads/" + t + "/runs/" + runId + "/stream", URI.create(location).getPath());
            assertWellFramed(s);
        }
        assertEquals(List.of(
                AgentEvents.runStart(runId),
                AgentEvents.values(List.of("in")),
                AgentEvents.values(List.of("in", "step1")),
                AgentEvents.values(List.of("in", "step1", "step2")),
                AgentEvents.values(List.of("in", "step1", "step2", "step3"))), shapes(events),
                "run stream (no run_done marker on run streams)");
        assertIdsStrictlyIncreasing(events);
        assertEquals("success", api.awaitRunStatus(t, runId, Api.TERMINAL, RUN));

        // the same events, same ids, are the run's part of the thread log, followed by run_done
        try (SseStream log = http.stream("/threads/" + t + "/stream", "-").expectOk()) {
            List<SseEvent> logged = log.until(e -> e.isRunDone(runId), SOON);
            assertSameEvents(events, logged.subList(0, logged.size() - 1), "thread log of the run");
        }

        // joining the finished run from the start replays the same list and ends
        for (String cursor : List.of("-1", "-")) {
            try (SseStream join = http.stream("/threads/" + t + "/runs/" + runId + "/stream", cursor).expectOk()) {
                assertSameEvents(events, join.untilEnd(SOON), "run join with Last-Event-ID " + cursor);
            }
        }
        // without Last-Event-ID a join also gets the whole run: a run is bounded, and create-then-join must not
        // lose the events emitted before the join
        try (SseStream join = http.stream("/threads/" + t + "/runs/" + runId + "/stream").expectOk()) {
            assertSameEvents(events, join.untilEnd(SOON), "run join without Last-Event-ID");
        }
        // and from a cursor, what follows it
        try (SseStream join = http.stream("/threads/" + t + "/runs/" + runId + "/stream",
                events.get(1).id()).expectOk()) {
            assertSameEvents(events.subList(2, events.size()), join.untilEnd(SOON), "run join after event 1");
        }
    }

    @Test
    void runJoinWhileRunningGetsTheRestAndEnds() {
        String t = api.createThread();
        try (SseStream thread = http.stream("/threads/" + t + "/stream").expectOk()) {
            String r = api.createRunId(t, Api.agent(List.of("j"), List.of("updates"), 100));
            List<SseEvent> all = new ArrayList<>(thread.until(e -> e.isRunStart(r), SOON));
            try (SseStream join = http.stream("/threads/" + t + "/runs/" + r + "/stream", "-1").expectOk()) {
                List<SseEvent> joined = join.untilEnd(RUN);
                all.addAll(thread.until(e -> e.isRunDone(r), RUN));
                assertSameEvents(all.subList(0, all.size() - 1), joined, "run join from -1 while running");
            }
        }
    }

    @Test
    void runsWaitReturnsTheFinalValues() {
        String t = api.createThread();
        JsonNode values = api.waitRun(t, Api.agent(List.of("w"), List.of("values"), 20));
        assertEquals(Json.parse("{\"items\":[\"w\",\"step1\",\"step2\",\"step3\"]}"), values);

        JsonNode runs = api.runs(t);
        assertEquals(1, runs.size(), runs::toString);
        assertEquals("success", Json.str(runs.get(0), "status"), runs::toString);
        assertEquals("idle", Json.str(api.getThread(t), "status"));

        JsonNode state = api.state(t);
        assertEquals(values, state.get("values"), state::toString);
        assertEquals(List.of(), Json.strings(state.get("next")), state::toString);
        JsonNode checkpoint = state.get("checkpoint");
        assertNotNull(checkpoint, state::toString);
        assertEquals(t, Json.str(checkpoint, "thread_id"), state::toString);
        assertEquals("", Json.str(checkpoint, "checkpoint_ns"), state::toString);
        String checkpointId = Json.str(checkpoint, "checkpoint_id");
        assertTrue(checkpointId != null && !checkpointId.isBlank(), state::toString);
    }

    @Test
    void statelessRunsWaitReturnsTheFinalValues() {
        Http.Response r = http.postJson("/runs/wait", Api.agent(List.of("s"), List.of("values"), 20));
        assertEquals(200, r.status(), r::toString);
        assertEquals(Json.parse("{\"items\":[\"s\",\"step1\",\"step2\",\"step3\"]}"), r.json());
    }

    @Test
    void enqueuedRunsRunInOrderAfterEachOther() {
        String t = api.createThread();
        Http.Response created = http.postJson("/threads/" + t + "/runs",
                Api.agent(List.of("1"), List.of("values"), 30));
        assertEquals(200, created.status(), created::toString);
        String r1 = Json.str(created.json(), "run_id");
        assertEquals(t, Json.str(created.json(), "thread_id"), created::toString);
        assertTrue(Set.of("pending", "running").contains(Json.str(created.json(), "status")), created::toString);
        assertEquals("/threads/" + t + "/runs/" + r1, created.header("content-location"), created::toString);
        String r2 = api.createRunId(t, Api.agent(List.of("2"), List.of("values"), 30));
        assertEquals("success", api.awaitRunStatus(t, r2, Api.TERMINAL, RUN));
        assertEquals("success", Json.str(api.getRun(t, r1), "status"));
        assertEquals(List.of("1", "step1", "step2", "step3", "2", "step1", "step2", "step3"),
                Json.strings(api.state(t).get("values").get("items")));
    }

    @Test
    void cancellingAPendingRunSkipsItAndTheQueueGoesOn() {
        String t = api.createThread();
        try (SseStream thread = http.stream("/threads/" + t + "/stream").expectOk()) {
            String r1 = api.createRunId(t, Api.agent(List.of("1"), List.of("values"), 500));
            String r2 = api.createRunId(t, Api.agent(List.of("2"), List.of("values"), 20));
            String r3 = api.createRunId(t, Api.agent(List.of("3"), List.of("values"), 20));
            thread.until(e -> e.isRunStart(r1), SOON);
            assertEquals("pending", Json.str(api.getRun(t, r2), "status"), "r2 waits behind r1 (1.5 s)");

            Http.Response cancel = http.post("/threads/" + t + "/runs/" + r2 + "/cancel", "");
            assertEquals(202, cancel.status(), cancel::toString);
            assertEquals("interrupted", api.awaitRunStatus(t, r2, Api.TERMINAL, RUN));
            assertEquals("success", api.awaitRunStatus(t, r3, Api.TERMINAL, RUN));
            assertEquals("success", Json.str(api.getRun(t, r1), "status"));

            List<SseEvent> events = thread.until(e -> e.isRunDone(r3), RUN);
            assertFalse(events.stream().anyMatch(e -> e.isRunStart(r2)), () -> "the cancelled run ran: " + events);
            assertEquals(List.of("1", "step1", "step2", "step3", "3", "step1", "step2", "step3"),
                    Json.strings(api.state(t).get("values").get("items")));
        }
    }

    @Test
    void rejectWhileBusyIs409AndCreatesNoRun() {
        String t = api.createThread();
        String r1 = api.createRunId(t, Api.agent(List.of("long"), List.of("values"), 2000));
        Http.Response rejected = http.postJson("/threads/" + t + "/runs",
                Api.with(Api.agent(List.of("x"), List.of("values"), 20), "multitask_strategy", "reject"));
        assertJsonError(rejected, 409);
        Http.Response cancel = http.post("/threads/" + t + "/runs/" + r1 + "/cancel", "");
        assertTrue(cancel.status() == 202 || cancel.status() == 204, cancel::toString);
        api.awaitRunStatus(t, r1, Api.TERMINAL, RUN);
        JsonNode runs = api.runs(t);
        assertEquals(1, runs.size(), () -> "the rejected run must not exist: " + runs);
    }

    @Test
    void cancellingARunningRunInterruptsItAndEndsItsRunJoinAndItOnTheThreadStream() {
        String t = api.createThread();
        try (SseStream thread = http.stream("/threads/" + t + "/stream").expectOk()) {
            String r = api.createRunId(t, Api.agent(List.of("c"), List.of("values"), 2000));
            thread.until(e -> e.isRunStart(r), SOON);
            assertEquals("running", api.awaitRunStatus(t, r, Set.of("running"), SOON));

            try (SseStream join = http.stream("/threads/" + t + "/runs/" + r + "/stream").expectOk()) {
                // run streams carry heartbeats too (the run sleeps 2 s per node: nothing else comes meanwhile)
                join.awaitHeartbeats(2, Duration.ofSeconds(10));

                Http.Response cancel = http.post("/threads/" + t + "/runs/" + r + "/cancel", "");
                assertEquals(202, cancel.status(), cancel::toString);
                join.untilEnd(RUN);
                assertWellFramed(join);
            }

            List<SseEvent> rest = thread.until(e -> e.isRunDone(r), RUN);
            assertEquals("interrupted", api.awaitRunStatus(t, r, Api.TERMINAL, RUN));
            assertFalse(rest.stream().anyMatch(e -> e.event().equals("values")
                            && Json.strings(e.json().get("items")).contains("step3")),
                    () -> "the run went on to the end: " + rest);
        }
    }

    @Test
    void aFailingNodeEndsTheRunStreamWithAnErrorEventAndTheRunInError() {
        String t = api.createThread();
        List<SseEvent> events;
        try (SseStream s = http.postStream("/threads/" + t + "/runs/stream",
                Api.agent(List.of("in"), List.of("values", "updates"), Map.of("delay_ms", 20, "fail_at", "step2")))
                .expectOk()) {
            events = s.untilEnd(RUN);
        }
        assertIdsStrictlyIncreasing(events);
        assertTrue(events.getFirst().isRunStart(), events::toString);
        String runId = Json.str(events.getFirst().json(), "run_id");
        SseEvent error = events.getLast();
        assertEquals("error", error.event(), events::toString);
        String errorName = Json.str(error.json(), "error");
        assertTrue(errorName != null && !errorName.isBlank(), error::toString);
        assertEquals("boom in step2", Json.str(error.json(), "message"), error::toString);
        List<String> middle = shapes(events.subList(1, events.size() - 1));
        assertEquals(List.of(
                AgentEvents.values(List.of("in")),
                StreamAssertions.shape("updates", "{\"step1\":{\"items\":[\"step1\"]}}"),
                AgentEvents.values(List.of("in", "step1"))), middle, "events before the error");

        assertEquals("error", api.awaitRunStatus(t, runId, Api.TERMINAL, RUN));
        assertEquals("error", api.awaitThreadStatus(t, Set.of("error", "idle", "interrupted"), SOON));

        // the thread log has the error event too, then run_done
        try (SseStream log = http.stream("/threads/" + t + "/stream", "-").expectOk()) {
            List<SseEvent> logged = log.until(e -> e.isRunDone(runId), SOON);
            assertSameEvents(events, logged.subList(0, logged.size() - 1), "thread log of the failed run");
        }
    }

    @Test
    void anInterruptPausesTheThreadAndResumeFinishesIt() {
        String t = api.createThread();
        api.waitRun(t, Map.of("assistant_id", "hitl", "input", Map.of("items", List.of("h"))));
        assertEquals("interrupted", Json.str(api.getThread(t), "status"));
        JsonNode state = api.state(t);
        assertEquals(List.of("ask"), Json.strings(state.get("next")), state::toString);
        assertEquals(List.of("h", "prepare"), Json.strings(state.get("values").get("items")), state::toString);

        api.waitRun(t, Map.of("assistant_id", "hitl", "command", Map.of("resume", "yes")));
        assertEquals("idle", Json.str(api.getThread(t), "status"));
        JsonNode after = api.state(t);
        assertEquals(List.of(), Json.strings(after.get("next")), after::toString);
        List<String> items = Json.strings(after.get("values").get("items"));
        assertEquals(List.of("h", "prepare", "ask"), items.subList(0, Math.min(3, items.size())), after::toString);
        assertEquals(4, items.size(), after::toString);
        assertTrue(items.get(3).startsWith("finish:") && items.get(3).contains("yes"), after::toString);
    }

    @Test
    void chatStreamsTheReplyAsMessageTuples() {
        String t = api.createThread();
        List<SseEvent> events;
        try (SseStream s = http.postStream("/threads/" + t + "/runs/stream", Map.of(
                "assistant_id", "chat",
                "input", Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))),
                "stream_mode", "messages-tuple")).expectOk()) {
            events = s.untilEnd(RUN);
        }
        assertIdsStrictlyIncreasing(events);
        assertTrue(events.getFirst().isRunStart(), events::toString);
        StringBuilder text = new StringBuilder();
        for (SseEvent e : events.subList(1, events.size())) {
            assertEquals("messages", e.event(), e::toString);
            JsonNode tuple = e.json();
            assertTrue(tuple.isArray() && tuple.size() == 2, e::toString);
            text.append(Json.str(tuple.get(0), "content"));
        }
        assertEquals("Hello from the fake model!", text.toString(), events::toString);
    }
}
