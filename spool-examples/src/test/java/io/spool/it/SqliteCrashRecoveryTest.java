package io.spool.it;

import static io.spool.it.StreamAssertions.assertIdsStrictlyIncreasing;
import static io.spool.it.StreamAssertions.assertSameEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * sqlite survives {@code kill -9}: a real server process is killed with SIGKILL and restarted on the same data
 * directory; the thread log replays with the same ids, state and runs are intact, and a run that was running when
 * the process died does not stay {@code running}: it is re-queued (attempt 2) or ends in {@code error} with a message;
 * a run queued behind it runs after the restart.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SqliteCrashRecoveryTest {

    private static final Duration SOON = Duration.ofSeconds(15);
    private static final String LOG_QUERY = "?stream_mode=run_modes&stream_mode=state_update";

    private Path dataDir;

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("spool-it-crash-");
    }

    @AfterEach
    void deleteDataDir() throws IOException {
        ServerContract.deleteTree(dataDir);
    }

    @Test
    void historyStateAndRunsSurviveSigkillAndARunningRunDoesNotStayRunning() {
        String a;
        String b;
        String running;
        String queued;
        List<SseEvent> log;
        JsonNode valuesBefore;
        Map<String, String> runsBefore;

        try (ServerProcess first = ServerProcess.startSqlite(dataDir); Http http = new Http(first.port())) {
            Api api = new Api(http);
            a = api.createThread();
            b = api.createThread();

            // thread A: finished runs and a state update, recorded by a reader joined from the start
            try (SseStream reference = http.stream("/threads/" + a + "/stream" + LOG_QUERY).expectOk()) {
                api.waitRun(a, Api.agent(List.of("a1"), List.of("values", "custom"), 20));
                api.updateState(a, Map.of("items", List.of("manual")));
                String r2 = api.createRunId(a, Api.agent(List.of("a2"), List.of("updates"), 20));
                log = reference.until(e -> e.isRunDone(r2), SOON);
                assertIdsStrictlyIncreasing(log);
                api.awaitRunStatus(a, r2, Api.TERMINAL, SOON);
            }
            valuesBefore = api.state(a).get("values");
            runsBefore = runStatuses(api.runs(a));
            assertEquals(2, runsBefore.size(), runsBefore::toString);
            assertEquals(Set.of("success"), Set.copyOf(runsBefore.values()), runsBefore::toString);

            // thread B: a run that is running when the process dies
            try (SseStream bStream = http.stream("/threads/" + b + "/stream").expectOk()) {
                running = api.createRunId(b, Api.agent(List.of("b1"), List.of("values"), 1000));
                String r = running;
                bStream.until(e -> e.isRunStart(r), SOON);
                api.awaitRunStatus(b, running, Set.of("running"), SOON);
                queued = api.createRunId(b, Api.agent(List.of("b2"), List.of("values"), 20));
                assertEquals("pending", Json.str(api.getRun(b, queued), "status"));
            }
            first.kill();
        }

        try (ServerProcess second = ServerProcess.startSqlite(dataDir); Http http = new Http(second.port())) {
            Api api = new Api(http);

            // A: state and runs as they were
            assertEquals(valuesBefore, api.state(a).get("values"), "state values after restart");
            assertEquals(runsBefore, runStatuses(api.runs(a)), "runs after restart");

            // A: the whole log with the same ids, then live events with later ids
            try (SseStream replay = http.stream("/threads/" + a + "/stream" + LOG_QUERY, "-").expectOk()) {
                assertSameEvents(log, replay.take(log.size(), SOON), "replay after kill -9");
                String r4 = api.createRunId(a, Api.agent(List.of("a3"), List.of("values"), 20));
                List<SseEvent> tail = replay.until(e -> e.isRunDone(r4), SOON);
                assertTrue(tail.getFirst().isRunStart(r4), () -> "first live event after the replay: " + tail);
                assertTrue(tail.getFirst().after(log.getLast()),
                        () -> "ids after a restart must continue after " + log.getLast() + ": " + tail.getFirst());
                assertIdsStrictlyIncreasing(tail);
            }

            // B: the run that was running is re-queued or failed, never left running
            String status = api.awaitRunStatus(b, running, Api.TERMINAL, Duration.ofSeconds(60));
            assertNotEquals("interrupted", status, "nobody cancelled the run");
            try (SseStream bLog = http.stream("/threads/" + b + "/stream", "-").expectOk()) {
                List<SseEvent> events = bLog.until(e -> e.isRunDone(running), SOON);
                assertIdsStrictlyIncreasing(events);
                List<SseEvent> starts = events.stream().filter(e -> e.isRunStart(running)).toList();
                assertTrue(!starts.isEmpty(), () -> "no start event for the run: " + events);
                if (status.equals("success")) {
                    assertEquals(2, starts.getLast().json().get("attempt").asInt(),
                            () -> "a re-queued run starts again as attempt 2: " + events);
                    List<String> items = Json.strings(api.state(b).get("values").get("items"));
                    assertEquals("step3", items.isEmpty() ? null : items.getLast(),
                            () -> "the re-queued run ran to the end: " + items);
                } else {
                    assertEquals("error", status);
                    SseEvent error = events.stream().filter(e -> "error".equals(e.event())).findFirst()
                            .orElseThrow(() -> new AssertionError("a run failed by recovery needs an error event "
                                    + "saying why: " + events));
                    String message = Json.str(error.json(), "message");
                    assertTrue(message != null && !message.isBlank(), error::toString);
                }
            }
            // the run queued behind it was not lost: it runs after the restart
            assertEquals("success", api.awaitRunStatus(b, queued, Api.TERMINAL, Duration.ofSeconds(60)));
            List<String> items = Json.strings(api.state(b).get("values").get("items"));
            assertEquals(List.of("b2", "step1", "step2", "step3"), items.subList(Math.max(0, items.size() - 4),
                    items.size()), () -> "the queued run's items end the state: " + items);
            assertNotEquals("busy", api.awaitThreadStatus(b, Set.of("idle", "error", "interrupted"), SOON));
        }
    }

    private static Map<String, String> runStatuses(JsonNode runs) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode r : runs) out.put(Json.str(r, "run_id"), Json.str(r, "status"));
        return out;
    }
}
