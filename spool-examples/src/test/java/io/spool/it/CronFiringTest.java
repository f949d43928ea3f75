package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spool.config.ServerConfig;
import io.spool.server.SpoolServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Crons really fire, on every backend, in one wait for the next minute boundary (the only wait of the suite: a
 * schedule's finest slot is a minute). Each server gets crons whose one slot a day is that minute: a thread cron
 * (one run on its thread), a thread cron with {@code reject} on a busy thread (no run), stateless crons with
 * {@code keep} (a new thread holding one run) and {@code delete} (its thread seen, then gone), a paused cron and a
 * deleted one (nothing). On postgres two servers share one database and race for every slot: each fires once
 * (the reject case is left out there: which runs a thread has in flight is still known per process on postgres).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class CronFiringTest {

    /** Setting up must end before the slot: a boundary closer than this is skipped for the next one. */
    private static final Duration SETUP = Duration.ofSeconds(4);

    private final List<SpoolServer> servers = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();

    /** One server of the test, and what was made on it. */
    private static final class Node {
        final String name;
        final Http http;
        final Api api;
        /** A second server on the same database (postgres), racing this one's scheduler. */
        Http twin;
        String thread;
        String busyThread;
        String pausedThread;
        String deletedThread;
        String keepCron;
        String deleteCron;
        boolean deleteCronThreadSeen;

        Node(String name, int port) {
            this.name = name;
            this.http = new Http(port);
            this.api = new Api(http);
        }
    }

    @BeforeAll
    void startServers() throws Exception {
        nodes.add(new Node("memory", start(Backend.named("memory"))));
        nodes.add(new Node("sqlite", start(Backend.named("sqlite"))));
        if (PostgresBackend.serverUrl() != null && PostgresBackend.redisUrl() != null) {
            PostgresBackend pg = new PostgresBackend();
            Node node = new Node("postgres", start(pg));
            node.twin = new Http(start(pg));
            nodes.add(node);
        }
    }

    private int start(Backend backend) throws Exception {
        Path dir = Files.createTempDirectory("spool-it-crons-");
        dirs.add(dir);
        SpoolServer s = SpoolServer.start(backend.configure(ServerConfig.defaults(), dir).withPort(0));
        servers.add(s);
        return s.port();
    }

    @AfterAll
    void stopServers() throws Exception {
        for (Node n : nodes) {
            n.http.close();
            if (n.twin != null) n.twin.close();
        }
        for (SpoolServer s : servers) s.close();
        for (Path d : dirs) ServerContract.deleteTree(d);
    }

    @Test
    void everyKindOfCronFiresItsSlotOnceOnEveryBackend() throws Exception {
        Instant slot = Instant.now().plus(SETUP).truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        ZonedDateTime at = slot.atZone(ZoneOffset.UTC);
        String daily = at.getMinute() + " " + at.getHour() + " * * *";
        for (Node n : nodes) setUp(n, daily, slot);

        // until the slot, and a little after: watch for the delete cron's short-lived thread meanwhile
        Instant settled = slot.plusSeconds(4);
        while (Instant.now().isBefore(settled) || !allFired()) {
            for (Node n : nodes) {
                if (!n.deleteCronThreadSeen && !threadsOf(n, n.deleteCron).isEmpty()) n.deleteCronThreadSeen = true;
            }
            assertTrue(Instant.now().isBefore(slot.plusSeconds(30)), "crons had 30 s after their slot " + slot);
            Thread.sleep(25);
        }
        for (Node n : nodes) check(n, slot);
    }

    private void setUp(Node n, String daily, Instant slot) {
        n.thread = n.api.createThread();
        n.busyThread = n.api.createThread();
        n.pausedThread = n.api.createThread();
        n.deletedThread = n.api.createThread();
        Map<String, Object> run = Map.of("input", Map.of("items", List.of("cron")), "config",
                Map.of("configurable", Map.of("delay_ms", 100)));
        cron(n, "/threads/" + n.thread + "/runs/crons", daily, run);
        cron(n, "/threads/" + n.busyThread + "/runs/crons", daily, Api.with(run, "multitask_strategy", "reject"));
        cron(n, "/threads/" + n.pausedThread + "/runs/crons", daily, Api.with(run, "enabled", false));
        String deleted = cron(n, "/threads/" + n.deletedThread + "/runs/crons", daily, run);
        assertEquals(204, n.http.delete("/runs/crons/" + deleted).status());
        n.keepCron = cron(n, "/runs/crons", daily, Api.with(run, "on_run_completed", "keep"));
        // slow enough that polling sees its thread before it is deleted
        n.deleteCron = cron(n, "/runs/crons", daily, Map.of("input", Map.of("items", List.of("cron")), "config",
                Map.of("configurable", Map.of("delay_ms", 400))));
        // keeps the busy thread busy over the slot, so the reject cron finds it running
        long untilAfterSlot = Duration.between(Instant.now(), slot.plusSeconds(5)).toMillis();
        n.api.createRun(n.busyThread, Api.agent(List.of("long"), List.of("values"), (int) (untilAfterSlot / 3)));
    }

    private String cron(Node n, String path, String schedule, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("assistant_id", "agent");
        body.put("schedule", schedule);
        Http.Response r = n.http.postJson(path, body);
        assertEquals(200, r.status(), () -> n.name + ": " + r);
        return Json.str(r.json(), "cron_id");
    }

    private static List<JsonNode> threadsOf(Node n, String cronId) {
        Http.Response r = n.http.postJson("/threads/search", Map.of("metadata", Map.of("cron_id", cronId)));
        assertEquals(200, r.status(), r::toString);
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }

    private boolean allFired() {
        for (Node n : nodes) {
            if (n.api.runs(n.thread).size() < 1 || threadsOf(n, n.keepCron).isEmpty() || !n.deleteCronThreadSeen
                    || !threadsOf(n, n.deleteCron).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private void check(Node n, Instant slot) {
        JsonNode runs = n.api.runs(n.thread);
        assertEquals(1, runs.size(), () -> n.name + ": one run of the thread cron: " + runs);
        JsonNode run = runs.get(0);
        assertTrue(run.get("metadata").has("cron_id"), run::toString);
        assertEquals("success", n.api.awaitRunStatus(n.thread, Json.str(run, "run_id"), Api.TERMINAL,
                Duration.ofSeconds(15)), n.name);
        Instant started = Instant.parse(Json.str(run, "created_at"));
        assertTrue(!started.isBefore(slot) && started.isBefore(slot.plusSeconds(3)),
                () -> n.name + ": fired at " + started + " for the slot " + slot);

        if (n.twin == null) { // the postgres backend's run queue is still one per process: the twin may not know
            assertEquals(1, n.api.runs(n.busyThread).size(), () -> n.name + ": reject: the busy thread ran its own only");
        }
        assertEquals(0, n.api.runs(n.pausedThread).size(), () -> n.name + ": a paused cron does not fire");
        assertEquals(0, n.api.runs(n.deletedThread).size(), () -> n.name + ": a deleted cron does not fire");

        List<JsonNode> kept = threadsOf(n, n.keepCron);
        assertEquals(1, kept.size(), () -> n.name + ": one thread for the keep cron: " + kept);
        String keptThread = Json.str(kept.getFirst(), "thread_id");
        JsonNode keptRuns = n.api.runs(keptThread);
        assertEquals(1, keptRuns.size(), keptRuns::toString);
        assertEquals("success", n.api.awaitRunStatus(keptThread, Json.str(keptRuns.get(0), "run_id"), Api.TERMINAL,
                Duration.ofSeconds(15)));
        assertTrue(n.deleteCronThreadSeen && threadsOf(n, n.deleteCron).isEmpty(),
                () -> n.name + ": the delete cron's thread was made and is deleted after its run");

        JsonNode cron = n.http.get("/runs/crons/" + n.keepCron).json();
        assertEquals(slot.plus(1, ChronoUnit.DAYS), Instant.parse(Json.str(cron, "next_run_date")),
                () -> n.name + ": the next slot is tomorrow's: " + cron);
        if (n.twin != null) { // the other server sees the same, as it shares the database
            assertEquals(1, new Api(n.twin).runs(n.thread).size(), n.name + " twin");
        } else { // thread, keep and delete crons started runs; the reject one was refused
            String metrics = n.http.get("/metrics").body();
            assertTrue(metrics.contains("lg_api_crons_fired_total{outcome=\"started\"} 3.0"), metrics);
            assertTrue(metrics.contains("lg_api_crons_fired_total{outcome=\"refused\"} 1.0"), metrics);
        }
    }
}
