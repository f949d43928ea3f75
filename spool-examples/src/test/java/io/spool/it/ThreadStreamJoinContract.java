package io.spool.it;

import static io.spool.it.StreamAssertions.assertIdsStrictlyIncreasing;
import static io.spool.it.StreamAssertions.assertJsonError;
import static io.spool.it.StreamAssertions.assertWellFramed;
import static io.spool.it.StreamAssertions.shapes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /threads/{t}/stream}: a client joined before the runs sees each run's start, exactly the modes that run
 * asked for, its {@code run_done}, the next run after it; ids strictly increasing; the response never ends by itself
 * and carries heartbeats; deleting the thread ends it with an {@code error} event.
 */
abstract class ThreadStreamJoinContract extends ServerContract {

    @Test
    void runsAppearOneAfterTheOtherInTheirOwnModesThenHeartbeatsKeepTheStreamOpen() {
        String t = api.createThread();
        try (SseStream s = http.stream("/threads/" + t + "/stream").expectOk()) {
            assertTrue(s.header("content-type").startsWith("text/event-stream"), s.header("content-type"));
            String cache = s.header("cache-control");
            assertTrue(cache != null && cache.contains("no-store"), "Cache-Control: " + cache);
            assertEquals("no", s.header("x-accel-buffering"), "X-Accel-Buffering");
            String location = s.header("location");
            assertNotNull(location, "Location header");
            assertEquals("/threads/" + t + "/stream", URI.create(location).getPath(), "Location: " + location);
            assertNull(URI.create(location).getRawQuery(), "Location: " + location);

            // headers are in while the thread is idle; now the runs: the second is enqueued behind the first
            String r1 = api.createRunId(t, Api.agent(List.of("r1"), List.of("values", "custom"), 50));
            String r2 = api.createRunId(t, Api.agent(List.of("r2"), List.of("updates"), 50));

            List<SseEvent> events = s.until(e -> e.isRunDone(r2), Duration.ofSeconds(30));

            List<String> expected = new ArrayList<>();
            expected.addAll(AgentEvents.run(r1, List.of("values", "custom"), List.of(), List.of("r1")));
            expected.add(AgentEvents.runDone(r1));
            expected.addAll(AgentEvents.run(r2, List.of("updates"),
                    AgentEvents.itemsAfter(List.of(), List.of("r1")), List.of("r2")));
            expected.add(AgentEvents.runDone(r2));
            assertEquals(expected, shapes(events));
            assertIdsStrictlyIncreasing(events);

            // the stream stays open after the runs, with heartbeats and nothing else
            s.awaitHeartbeats(2, Duration.ofSeconds(10));
            assertFalse(s.ended(), "the thread stream must not end by itself");
            assertEquals(List.of(), s.unread(), "no events after the last run_done");
            assertWellFramed(s);

            assertEquals("success", Json.str(api.getRun(t, r1), "status"));
            assertEquals("success", Json.str(api.getRun(t, r2), "status"));
        }
    }

    @Test
    void anIdleJoinCarriesHeartbeatsOnly() {
        String t = api.createThread();
        try (SseStream s = http.stream("/threads/" + t + "/stream").expectOk()) {
            s.awaitHeartbeats(2, Duration.ofSeconds(10));
            assertEquals(List.of(), s.unread(), "an idle thread has nothing to send but heartbeats");
            assertFalse(s.ended());
            assertWellFramed(s);
        }
    }

    @Test
    void deletingAnIdleThreadEndsTheStreamWithAnErrorEvent() {
        String t = api.createThread();
        try (SseStream s = http.stream("/threads/" + t + "/stream").expectOk();
                SseStream filtered = http.stream("/threads/" + t + "/stream?stream_modes=lifecycle").expectOk()) {
            Http.Response del = http.delete("/threads/" + t);
            assertEquals(204, del.status(), del::toString);

            for (SseStream joined : List.of(s, filtered)) {
                assertDeletionError(joined.next(SOON));
                assertEquals(List.of(), joined.untilEnd(SOON),
                        "nothing after the error event, then the connection closes: " + joined);
                assertWellFramed(joined);
            }
        }
        assertJsonError(http.stream("/threads/" + t + "/stream"), 404);
    }

    @Test
    void deletingAThreadWithARunningRunEndsTheStreamWithAnErrorEvent() {
        String t = api.createThread();
        try (SseStream s = http.stream("/threads/" + t + "/stream").expectOk()) {
            String r = api.createRunId(t, Api.agent(List.of("x"), List.of("values"), 300));
            s.until(e -> e.isRunStart(r), SOON);

            Http.Response del = http.delete("/threads/" + t);
            assertEquals(204, del.status(), del::toString);

            List<SseEvent> rest = s.until(e -> "error".equals(e.event()), SOON);
            for (SseEvent e : rest.subList(0, rest.size() - 1)) {
                assertTrue(Set.of("values", "metadata").contains(e.event()), () -> "unexpected event " + e);
            }
            assertDeletionError(rest.getLast());
            assertEquals(List.of(), s.untilEnd(SOON), "nothing after the error event, then the connection closes");
        }
        assertEquals(404, http.get("/threads/" + t).status());
    }

    @Test
    void aThreadRecreatedWithTheSameIdStartsWithAnEmptyLog() {
        String t = UUID.randomUUID().toString();
        assertEquals(200, http.postJson("/threads", Map.of("thread_id", t)).status());
        api.waitRun(t, Api.agent(List.of("old"), List.of("values"), 20));
        assertEquals(204, http.delete("/threads/" + t).status());
        assertEquals(200, http.postJson("/threads", Map.of("thread_id", t)).status());

        try (SseStream s = http.stream("/threads/" + t + "/stream", "-").expectOk()) {
            String r = api.createRunId(t, Api.agent(List.of("new"), List.of("values"), 20));
            List<SseEvent> events = s.until(e -> e.isRunDone(r), SOON);
            List<String> expected = new ArrayList<>(AgentEvents.run(r, List.of("values"), List.of(), List.of("new")));
            expected.add(AgentEvents.runDone(r));
            assertEquals(expected, shapes(events), "the deleted thread's events and state must be gone");
        }
    }

    @Test
    void textWithNewlinesAndNonAsciiTravelsAsOneDataLineOfUtf8() {
        String t = api.createThread();
        List<String> input = List.of("two\nlines\r\nand CR", "ünïcødé ✓ 🎉", "event: fake\n\ndata: x", "\u2028");
        try (SseStream s = http.stream("/threads/" + t + "/stream").expectOk()) {
            String r = api.createRunId(t, Api.agent(input, List.of("values"), 20));
            List<SseEvent> events = s.until(e -> e.isRunDone(r), SOON);
            List<String> expected = new ArrayList<>(AgentEvents.run(r, List.of("values"), List.of(), input));
            expected.add(AgentEvents.runDone(r));
            assertEquals(expected, shapes(events));
            assertWellFramed(s);
        }
        assertEquals(AgentEvents.itemsAfter(List.of(), input),
                Json.strings(api.state(t).get("values").get("items")));
    }

    private static void assertDeletionError(SseEvent error) {
        assertEquals("error", error.event(), () -> "expected the deletion error, got " + error);
        JsonNode d = error.json();
        assertEquals("NotFoundError", Json.str(d, "error"), d::toString);
        String message = Json.str(d, "message");
        assertTrue(message != null && !message.isBlank(), d::toString);
    }
}
