package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * SIGTERM with clients joined: a run that finishes within the grace period ends as usual, one that does not goes
 * back to the queue and runs again (attempt 2) after the restart; every open stream ends with an event saying why,
 * and a {@code /join} caller gets a complete JSON answer.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SqliteShutdownTest {

    private static final Duration SOON = Duration.ofSeconds(30);

    private Path dataDir;

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("spool-it-shutdown-");
    }

    @AfterEach
    void deleteDataDir() throws IOException {
        ServerContract.deleteTree(dataDir);
    }

    @Test
    void sigtermLetsShortRunsFinishHandsLongOnesBackAndTellsEveryStream() throws Exception {
        Map<String, String> env = Map.of("SPOOL_SHUTDOWN_GRACE_SECONDS", "3");
        String shortThread;
        String longThread;
        String longRun;
        try (ServerProcess server = ServerProcess.start(Backend.named("sqlite"), dataDir, env);
             Http http = new Http(server.port())) {
            Api api = new Api(http);
            shortThread = api.createThread();
            longThread = api.createThread();
            try (SseStream shortStream = http.stream("/threads/" + shortThread + "/stream").expectOk();
                 SseStream longStream = http.stream("/threads/" + longThread + "/stream").expectOk()) {
                longRun = api.createRunId(longThread, Api.agent(List.of("l"), List.of("values"), 2000));
                String lr = longRun;
                longStream.until(e -> e.isRunStart(lr), SOON);
                CompletableFuture<Http.Response> join = CompletableFuture.supplyAsync(
                        () -> http.get("/threads/" + longThread + "/runs/" + lr + "/join"));
                String shortRun = api.createRunId(shortThread, Api.agent(List.of("s"), List.of("values"), 200));
                shortStream.until(e -> e.isRunStart(shortRun), SOON);

                CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::close); // SIGTERM

                List<SseEvent> shortEvents = shortStream.untilEnd(SOON);
                assertTrue(shortEvents.stream().anyMatch(e -> e.isRunDone(shortRun)),
                        () -> "the short run ended within the grace period: " + shortEvents);
                assertShutdownNotice(shortEvents);
                List<SseEvent> longEvents = longStream.untilEnd(SOON);
                assertTrue(longEvents.stream().noneMatch(e -> e.isRunDone(lr)), longEvents::toString);
                assertShutdownNotice(longEvents);

                Http.Response joined = join.get(30, TimeUnit.SECONDS);
                assertEquals(200, joined.status(), joined::toString);
                JsonNode error = joined.json().get("__error__");
                assertEquals("ServerShutdown", error == null ? null : Json.str(error, "error"), joined::toString);
                stopped.get(30, TimeUnit.SECONDS);
            }
        }

        try (ServerProcess again = ServerProcess.startSqlite(dataDir); Http http = new Http(again.port())) {
            Api api = new Api(http);
            assertEquals("success", api.awaitRunStatus(longThread, longRun, Api.TERMINAL, Duration.ofSeconds(60)));
            try (SseStream replay = http.stream("/threads/" + longThread + "/stream", "-").expectOk()) {
                List<SseEvent> events = replay.until(e -> e.isRunDone(longRun), SOON);
                List<Integer> attempts = events.stream().filter(e -> e.isRunStart(longRun))
                        .map(e -> e.json().get("attempt").asInt()).toList();
                assertEquals(List.of(1, 2), attempts, events::toString);
            }
            assertEquals("idle", api.awaitThreadStatus(longThread, Set.of("idle", "error", "interrupted"), SOON));
        }
    }

    private static void assertShutdownNotice(List<SseEvent> events) {
        SseEvent last = events.isEmpty() ? null : events.getLast();
        assertTrue(last != null && "error".equals(last.event())
                && "ServerShuttingDown".equals(Json.str(last.json(), "error")),
                () -> "the stream's last event says the server is shutting down: " + events);
    }
}
