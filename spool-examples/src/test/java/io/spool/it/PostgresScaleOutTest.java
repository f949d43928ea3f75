package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Two server processes A and B on one PostgreSQL database and one Redis, as behind a load balancer: runs created
 * through either run one at a time per thread in creation order, a thread stream joined on one gets every event of a
 * run executing on the other (the ids a replay gives), a run executing on one is joined and cancelled through the
 * other, and a process killed with SIGKILL loses no run (another finishes it as attempt 2).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the kill test goes last: it kills B
class PostgresScaleOutTest {

    /** Short, so the kill test's lease runs out quickly. */
    private static final Map<String, String> ENV = Map.of("SPOOL_LEASE_TIMEOUT_SECONDS", "2");
    private static final Duration SOON = Duration.ofSeconds(15);
    private static final String LOG_QUERY = "?stream_mode=run_modes&stream_mode=state_update";

    private static final PostgresBackend BACKEND = new PostgresBackend();
    private static Path dataDir;
    private static ServerProcess a;
    private static ServerProcess b;
    private static Http httpA;
    private static Http httpB;

    @BeforeAll
    static void startTwo() throws IOException {
        PostgresBackend.assumeServices();
        dataDir = Files.createTempDirectory("spool-it-scaleout-");
        a = ServerProcess.start(BACKEND, dataDir, ENV);
        b = ServerProcess.start(BACKEND, dataDir, ENV);
        httpA = new Http(a.port());
        httpB = new Http(b.port());
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {httpA, httpB, a, b}) {
            try {
                if (c != null) c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void runsCreatedAlternatelyThroughAAndBRunOneAtATimeInCreationOrder() {
        Api apiA = new Api(httpA);
        Api apiB = new Api(httpB);
        String thread = apiA.createThread();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Api via = i % 2 == 0 ? apiA : apiB;
            runs.add(via.createRunId(thread, Api.agent(List.of("r" + i), List.of("values"), 30)));
        }
        for (String run : runs) assertEquals("success", apiB.awaitRunStatus(thread, run, Api.TERMINAL, SOON));
        List<String> items = Json.strings(apiA.state(thread).get("values").get("items"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 6; i++) expected.addAll(List.of("r" + i, "step1", "step2", "step3"));
        assertEquals(expected, items, "each run's items follow the previous run's: one at a time, in order");
        assertEquals(apiA.runs(thread), apiB.runs(thread), "run lists agree through either process");
        assertEquals(apiA.state(thread), apiB.state(thread), "state agrees through either process");
    }

    @Test
    void aThreadStreamJoinedOnAGetsEveryEventOfARunExecutingOnB() {
        Api apiB = new Api(httpB);
        String thread = apiB.createThread();
        try (SseStream onA = httpA.stream("/threads/" + thread + "/stream" + LOG_QUERY).expectOk()) {
            String run = apiB.createRunId(thread, Api.agent(List.of("x"), List.of("values", "custom"), 20));
            List<SseEvent> live = onA.until(e -> e.isRunDone(run), SOON);
            assertTrue(live.getFirst().isRunStart(run), () -> "the stream starts with the run: " + live);
            StreamAssertions.assertIdsStrictlyIncreasing(live);
            try (SseStream replay = httpB.stream("/threads/" + thread + "/stream" + LOG_QUERY, "-").expectOk()) {
                StreamAssertions.assertSameEvents(live, replay.take(live.size(), SOON), "a replay through B");
            }
        }
    }

    @Test
    void aRedisRestartMidStreamLosesAndRepeatsNothing() throws Exception {
        Api apiB = new Api(httpB);
        String thread = apiB.createThread();
        try (SseStream onA = httpA.stream("/threads/" + thread + "/stream" + LOG_QUERY).expectOk()) {
            String run = apiB.createRunId(thread, Api.agent(List.of("x"), List.of("values", "custom"), 400));
            onA.until(e -> e.isRunStart(run), SOON);
            Process restart = new ProcessBuilder(System.getenv("SPOOL_TEST_SERVICES"), "restart-redis",
                    System.getenv("SPOOL_TEST_SERVICES_DIR")).inheritIO().start();
            assertEquals(0, restart.waitFor(), "restart-redis");
            List<SseEvent> live = onA.until(e -> e.isRunDone(run), SOON);
            StreamAssertions.assertIdsStrictlyIncreasing(live);
            try (SseStream replay = httpB.stream("/threads/" + thread + "/stream" + LOG_QUERY, "-").expectOk()) {
                List<SseEvent> all = replay.until(e -> e.isRunDone(run), SOON);
                StreamAssertions.assertSameEvents(all.subList(all.size() - live.size(), all.size()), live,
                        "what A streamed across the Redis restart, against a replay through B");
            }
        }
    }

    @Test
    void aRunExecutingOnBIsJoinedAndCancelledThroughA() {
        Api apiA = new Api(httpA);
        Api apiB = new Api(httpB);
        // joined through A: answered when B finishes it
        String t1 = apiB.createThread();
        String quick = apiB.createRunId(t1, Api.agent(List.of("j"), List.of("values"), 100));
        Http.Response joined = httpA.get("/threads/" + t1 + "/runs/" + quick + "/join");
        assertEquals(200, joined.status(), joined::toString);
        assertEquals("step3", Json.strings(joined.json().get("items")).getLast(), joined::toString);

        // cancelled through A while it runs on B (created there, so B claims it)
        String t2 = apiB.createThread();
        String slow = apiB.createRunId(t2, Api.agent(List.of("c"), List.of("values"), 5_000));
        apiB.awaitRunStatus(t2, slow, Set.of("running"), SOON);
        long asked = System.nanoTime();
        Http.Response cancel = httpA.post("/threads/" + t2 + "/runs/" + slow + "/cancel?wait=true", "");
        assertTrue(cancel.status() / 100 == 2, cancel::toString);
        assertEquals("interrupted", apiA.awaitRunStatus(t2, slow, Api.TERMINAL, Duration.ofSeconds(5)));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
        assertTrue(tookMs < 4_000, () -> "the cancel took " + tookMs + " ms to stop the run on B");
    }

    @Test
    void aRunCreatedThroughAWithRollbackOrRejectMeetsTheRunExecutingOnB() {
        Api apiA = new Api(httpA);
        Api apiB = new Api(httpB);
        String thread = apiB.createThread();
        String slow = apiB.createRunId(thread, Api.agent(List.of("slow"), List.of("values"), 5_000));
        apiB.awaitRunStatus(thread, slow, Set.of("running"), SOON);
        Http.Response rejected = httpA.postJson("/threads/" + thread + "/runs",
                Api.with(Api.agent(List.of("no"), List.of("values"), 10), "multitask_strategy", "reject"));
        assertEquals(409, rejected.status(), rejected::toString);
        String next = apiA.createRunId(thread,
                Api.with(Api.agent(List.of("next"), List.of("values"), 10), "multitask_strategy", "rollback"));
        assertEquals("success", apiA.awaitRunStatus(thread, next, Api.TERMINAL, SOON));
        assertEquals(404, httpA.get("/threads/" + thread + "/runs/" + slow).status(), "the rolled back run is gone");
        assertEquals(List.of("next", "step1", "step2", "step3"),
                Json.strings(apiA.state(thread).get("values").get("items")), "nothing of the rolled back run is left");
    }

    @Test
    void aPendingRunCancelledThroughAWhileBWritesItsThreadEndsAfterBsRun() {
        Api apiA = new Api(httpA);
        Api apiB = new Api(httpB);
        String thread = apiB.createThread();
        try (SseStream onA = httpA.stream("/threads/" + thread + "/stream" + LOG_QUERY).expectOk()) {
            String first = apiB.createRunId(thread, Api.agent(List.of("a"), List.of("values"), 300));
            apiB.awaitRunStatus(thread, first, Set.of("running"), SOON);
            String second = apiB.createRunId(thread, Api.agent(List.of("b"), List.of("values"), 10));
            Http.Response cancel = httpA.post("/threads/" + thread + "/runs/" + second + "/cancel", "");
            assertTrue(cancel.status() / 100 == 2, cancel::toString);
            assertEquals("success", apiA.awaitRunStatus(thread, first, Api.TERMINAL, SOON));
            assertEquals("interrupted", apiA.awaitRunStatus(thread, second, Api.TERMINAL, SOON));
            List<SseEvent> live = onA.until(e -> e.isRunDone(second), SOON);
            StreamAssertions.assertIdsStrictlyIncreasing(live);
            try (SseStream replay = httpB.stream("/threads/" + thread + "/stream" + LOG_QUERY, "-").expectOk()) {
                StreamAssertions.assertSameEvents(replay.until(e -> e.isRunDone(second), SOON), live,
                        "the thread's log written by B, then the cancelled run's end");
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aRunWhoseProcessIsKilledIsFinishedByAnother() throws Exception {
        Api apiB = new Api(httpB);
        String thread = apiB.createThread();
        try (SseStream onA = httpA.stream("/threads/" + thread + "/stream" + LOG_QUERY).expectOk()) {
            String run = apiB.createRunId(thread, Api.agent(List.of("k"), List.of("values"), 700));
            apiB.awaitRunStatus(thread, run, Set.of("running"), SOON);
            b.kill();

            Api apiA = new Api(httpA);
            long killed = System.nanoTime();
            assertEquals("success", apiA.awaitRunStatus(thread, run, Api.TERMINAL, SOON));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            List<SseEvent> live = onA.until(e -> e.isRunDone(run), SOON); // joined on A before the kill
            try (SseStream log = httpA.stream("/threads/" + thread + "/stream" + LOG_QUERY, "-").expectOk()) {
                List<SseEvent> events = log.until(e -> e.isRunDone(run), SOON);
                StreamAssertions.assertIdsStrictlyIncreasing(events);
                StreamAssertions.assertSameEvents(events, live, "what A streamed across the kill, against a replay");
                List<SseEvent> starts = events.stream().filter(e -> e.isRunStart(run)).toList();
                assertEquals(2, starts.getLast().json().get("attempt").asInt(),
                        () -> "the run starts again as attempt 2: " + events);
            }
            assertEquals("step3", Json.strings(apiA.state(thread).get("values").get("items")).getLast());
            assertTrue(tookMs < 2_000 + 3 * 700 + 5_000, () -> "took " + tookMs + " ms after the kill");
        }
    }
}
