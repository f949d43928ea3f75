package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spool.config.ServerConfig;
import io.spool.server.SpoolServer;
import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.StorageProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Crons survive a restart, and slots missed while no server ran fire once at start, not once per missed slot. The
 * server is stopped, and the stored next slot is set five minutes back (what a server down for five minutes of an
 * every-minute cron finds) instead of waiting through real minutes.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SqliteCronRestartTest {

    private Path dataDir;

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("spool-it-cron-restart-");
    }

    @AfterEach
    void deleteDataDir() throws IOException {
        ServerContract.deleteTree(dataDir);
    }

    private SpoolServer start() throws Exception {
        return SpoolServer.start(ServerConfig.defaults().withStorage("sqlite").withDataDir(dataDir).withPort(0));
    }

    @Test
    void slotsMissedWhileDownFireOnceAtStart() throws Exception {
        String thread;
        String cronId;
        try (SpoolServer server = start(); Http http = new Http(server.port())) {
            thread = new Api(http).createThread();
            Http.Response r = http.postJson("/threads/" + thread + "/runs/crons", Map.of("assistant_id", "agent",
                    "schedule", "* * * * *", "input", Map.of("items", List.of("c")), "config",
                    Map.of("configurable", Map.of("delay_ms", 10))));
            assertEquals(200, r.status(), r::toString);
            cronId = Json.str(r.json(), "cron_id");
        }
        Instant missed = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);
        try (Storage storage = StorageProvider.open("sqlite", new StorageOptions(dataDir))) {
            assertTrue(storage.crons().reschedule(cronId, missed));
        }

        try (SpoolServer server = start(); Http http = new Http(server.port())) {
            Api api = new Api(http);
            Api.awaitTrue(() -> api.runs(thread).size() >= 1, "the missed slot fires", Duration.ofSeconds(15));
            JsonNode cron = http.get("/runs/crons/" + cronId).json();
            Instant next = Instant.parse(Json.str(cron, "next_run_date"));
            assertTrue(next.isAfter(Instant.now().minusSeconds(1)), () -> "the next slot is one to come: " + cron);
            Thread.sleep(2_500); // two more ticks: the five missed slots must not fire again
            long beforeNext = 0;
            for (JsonNode run : api.runs(thread)) {
                if (Instant.parse(Json.str(run, "created_at")).isBefore(next)) beforeNext++;
            }
            assertEquals(1, beforeNext, () -> "one run for the missed slots: " + api.runs(thread));
        }
    }
}
