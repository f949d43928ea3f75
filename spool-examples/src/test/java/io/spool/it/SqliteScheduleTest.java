package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code after_seconds} is kept across a crash (the due time is stored, not only a timer), absurd delays are 422,
 * and the thread of a run waiting after a restart reads {@code busy}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SqliteScheduleTest {

    private static final long DELAY_S = 8;
    private Path dataDir;

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("spool-it-schedule-");
    }

    @AfterEach
    void deleteDataDir() throws IOException {
        ServerContract.deleteTree(dataDir);
    }

    @Test
    void aDelayedRunKeepsItsDueTimeAcrossAKillAndAbsurdDelaysAre422() {
        String thread;
        String run;
        Instant created;
        try (ServerProcess server = ServerProcess.startSqlite(dataDir); Http http = new Http(server.port())) {
            Api api = new Api(http);
            thread = api.createThread();
            for (String absurd : List.of("1e400", "9.3e15", "31536001")) {
                Http.Response r = http.post("/threads/" + thread + "/runs",
                        "{\"assistant_id\":\"agent\",\"input\":{},\"after_seconds\":" + absurd + "}");
                assertEquals(422, r.status(), r::toString);
                assertTrue(Json.str(r.json(), "detail").contains("after_seconds"), r::toString);
            }
            var body = Api.with(Api.agent(List.of("x"), List.of("values"), 10), "after_seconds", DELAY_S);
            var created0 = api.createRun(thread, body);
            run = Json.str(created0, "run_id");
            created = Instant.parse(Json.str(created0, "created_at"));
            server.kill();
        }
        try (ServerProcess again = ServerProcess.startSqlite(dataDir); Http http = new Http(again.port())) {
            Api api = new Api(http);
            if (Instant.now().isBefore(created.plusSeconds(DELAY_S - 1))) {
                assertEquals("pending", Json.str(api.getRun(thread, run), "status"), "not due yet");
                assertEquals("busy", Json.str(api.getThread(thread), "status"), "its thread waits for it");
            }
            assertEquals("success", api.awaitRunStatus(thread, run, Api.TERMINAL, Duration.ofSeconds(60)));
            try (SseStream replay = http.stream("/threads/" + thread + "/stream", "-").expectOk()) {
                SseEvent start = replay.until(e -> e.isRunStart(run), Duration.ofSeconds(30)).getLast();
                long startedMs = start.idParts()[0];
                assertTrue(startedMs >= created.toEpochMilli() + DELAY_S * 1000 - 50,
                        () -> "started " + (startedMs - created.toEpochMilli()) + " ms after creation, asked "
                                + DELAY_S + " s");
            }
            assertEquals("idle", api.awaitThreadStatus(thread, java.util.Set.of("idle", "error"), Duration.ofSeconds(30)));
        }
    }
}
