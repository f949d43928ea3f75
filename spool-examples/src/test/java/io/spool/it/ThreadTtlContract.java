package io.spool.it;

import static io.spool.it.StreamAssertions.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Thread TTLs: {@code ttl} on {@code POST /threads} and {@code PATCH /threads/{t}} (minutes, or
 * {@code {ttl, strategy}}), shown by {@code GET /threads/{t}?include=ttl}; the sweeper deletes a thread whose TTL ran
 * out since its last update ({@code delete}, as {@code DELETE /threads/{t}} does) or prunes it to its newest
 * checkpoint ({@code keep_latest}), and never touches a busy thread. The server sweeps every {@link #TTL_SWEEP}.
 */
abstract class ThreadTtlContract extends ServerContract {

    /** TTLs are in minutes; fractions are allowed. */
    private static final double ONE_SECOND = 1 / 60.0;

    private String createThread(Object ttl) {
        Http.Response r = http.postJson("/threads", Map.of("ttl", ttl));
        assertEquals(200, r.status(), r::toString);
        return Json.str(r.json(), "thread_id");
    }

    private JsonNode withTtl(String t) {
        Http.Response r = http.get("/threads/" + t + "?include=ttl");
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private Http.Response patch(String t, Map<String, Object> body) {
        Http.Response r = http.patchJson("/threads/" + t, body);
        assertEquals(200, r.status(), r::toString);
        return r;
    }

    private static Duration untilExpiry(JsonNode thread) {
        return Duration.between(OffsetDateTime.parse(Json.str(thread, "updated_at")),
                OffsetDateTime.parse(Json.str(thread.get("ttl"), "expires_at")));
    }

    @Test
    void ttlIsShownWhenAskedForAndPatchReplacesIt() {
        String t = createThread(Map.of("ttl", 90, "strategy", "keep_latest"));
        assertFalse(api.getThread(t).has("ttl"), "no ttl without include=ttl");
        JsonNode thread = withTtl(t);
        assertEquals("keep_latest", Json.str(thread.get("ttl"), "strategy"), thread::toString);
        assertEquals(90.0, thread.get("ttl").get("ttl_minutes").asDouble(), thread::toString);
        assertEquals(Duration.ofMinutes(90), untilExpiry(thread), thread::toString);

        patch(t, Map.of("ttl", 0.5)); // a bare number: minutes, strategy delete
        JsonNode patched = withTtl(t);
        assertEquals("delete", Json.str(patched.get("ttl"), "strategy"), patched::toString);
        assertEquals(Duration.ofSeconds(30), untilExpiry(patched), patched::toString);

        patch(t, Map.of("metadata", Map.of("k", "v")));
        JsonNode kept = withTtl(t);
        assertEquals(patched.get("ttl").get("ttl_minutes"), kept.get("ttl").get("ttl_minutes"), "a patch without ttl "
                + "keeps it");
        assertEquals(Duration.ofSeconds(30), untilExpiry(kept), "and it counts from the latest update: " + kept);

        Http.Response minimal = http.send("PATCH", "/threads/" + t, Json.write(Map.of("ttl", Map.of("ttl", 2))),
                Map.of("Prefer", "return=minimal"));
        assertEquals(204, minimal.status(), minimal::toString);
        assertEquals("", minimal.body());
        assertEquals(2.0, withTtl(t).get("ttl").get("ttl_minutes").asDouble());

        String plain = api.createThread();
        assertTrue(withTtl(plain).get("ttl").isNull(), "include=ttl on a thread without one shows null");
        assertJsonError(http.get("/threads/" + t + "?include=ttl,bogus"), 422);
    }

    @Test
    void badTtlsAreRefusedWithADetailThatSaysWhatIsAccepted() {
        String t = api.createThread();
        List<Object> bad = List.of(-1, Map.of("ttl", -5), Map.of("ttl", 5, "strategy", "archive"), "soon",
                Map.of("strategy", "delete"), 1e12, Map.of("ttl", 5, "strategy", 3));
        for (Object ttl : bad) {
            JsonNode created = assertJsonError(http.postJson("/threads", Map.of("ttl", ttl)), 422);
            assertTrue(Json.str(created, "detail").contains("'ttl"), created::toString);
            JsonNode patched = assertJsonError(http.patchJson("/threads/" + t, Map.of("ttl", ttl)), 422);
            assertTrue(Json.str(patched, "detail").contains("'ttl"), patched::toString);
        }
        assertTrue(withTtl(t).get("ttl").isNull(), "refused patches changed nothing");
    }

    @Test
    void anExpiredThreadIsDeletedWithItsRunsAndItsJoinedStreamEnds() {
        String t = api.createThread();
        String r = api.createRunId(t, Api.agent(List.of("x"), List.of("values"), 10));
        assertEquals("success", api.awaitRunStatus(t, r, Api.TERMINAL, SOON));
        try (SseStream s = http.stream("/threads/" + t + "/stream", "-").expectOk()) {
            s.until(e -> e.isRunDone(r), SOON);
            patch(t, Map.of("ttl", Map.of("ttl", ONE_SECOND, "strategy", "delete")));

            SseEvent error = s.next(SOON);
            assertEquals("error", error.event(), () -> "expected the deletion error, got " + error);
            assertEquals("NotFoundError", Json.str(error.json(), "error"), error::toString);
            assertEquals(List.of(), s.untilEnd(SOON), "nothing after the error event, then the connection closes");
        }
        assertJsonError(http.get("/threads/" + t), 404);
        assertJsonError(http.get("/threads/" + t + "/runs/" + r), 404);
        assertJsonError(http.get("/threads/" + t + "/history"), 404);
    }

    @Test
    void keepLatestPrunesTheHistoryToTheNewestCheckpointAndKeepsTheThread() {
        String t = api.createThread();
        api.waitRun(t, Api.agent(List.of("k"), List.of("values"), 10));
        JsonNode state = api.state(t);
        assertEquals(5, api.history(t, "limit=100").size());
        JsonNode armed = patch(t, Map.of("ttl", Map.of("ttl", ONE_SECOND, "strategy", "keep_latest"))).json();
        OffsetDateTime firstExpiry = OffsetDateTime.parse(Json.str(armed, "updated_at")).plusSeconds(1);

        Api.awaitTrue(() -> api.history(t, "limit=100").size() == 1, "history pruned to one checkpoint", SOON);
        assertEquals(List.of(States.checkpointId(state)), States.checkpointIds(api.history(t, "limit=100")));
        assertEquals(state.get("values"), api.state(t).get("values"));
        JsonNode swept = withTtl(t);
        assertEquals("idle", Json.str(swept, "status"));
        assertTrue(OffsetDateTime.parse(Json.str(swept.get("ttl"), "expires_at")).isAfter(firstExpiry),
                () -> "the sweep counts as an update, so the TTL starts again: " + armed + " then " + swept);

        api.waitRun(t, Api.agent(List.of("l"), List.of("values"), 10));
        assertEquals(AgentEvents.itemsAfter(AgentEvents.itemsAfter(List.of(), List.of("k")), List.of("l")),
                States.items(api.state(t)), "the thread runs on from its newest checkpoint");
    }

    @Test
    void aBusyThreadIsNotSweptUntilItsRunEnds() {
        String busy = api.createThread();
        String r = api.createRunId(busy, Api.agent(List.of("b"), List.of("values"), 5000));
        patch(busy, Map.of("ttl", ONE_SECOND));
        // created after the busy thread's last update, with the same TTL, so it expires later: once it is gone, a
        // sweep has seen the busy thread expired too
        String witness = createThread(Map.of("ttl", ONE_SECOND));
        api.awaitThreadGone(witness, SOON);

        assertEquals(200, http.get("/threads/" + busy).status(), "the busy thread outlived the sweep");
        assertEquals("running", Json.str(api.getRun(busy, r), "status"),
                "the run must still be running for this test to show anything (it sleeps 5 s per node)");

        Http.Response cancel = http.post("/threads/" + busy + "/runs/" + r + "/cancel", "");
        assertEquals(202, cancel.status(), cancel::toString);
        api.awaitRunStatus(busy, r, Api.TERMINAL, SOON);
        api.awaitThreadGone(busy, SOON);
    }
}
