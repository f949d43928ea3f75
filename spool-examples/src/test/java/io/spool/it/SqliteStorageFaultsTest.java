package io.spool.it;

import static io.spool.it.StreamAssertions.assertSameEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * sqlite on a disk that fills up or is read-only, as an operator meets it: the data directory is a small tmpfs (which
 * needs root to mount; the test is skipped, saying so, where mounting fails). A client is never shown an event that a
 * restart loses, a run that storage stopped ends in {@code error} with its thread free, writes answer 503 naming the
 * cause while the disk is full, and everything works again once space is freed, without a restart.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SqliteStorageFaultsTest {

    private static final Duration SOON = Duration.ofSeconds(60);
    private static final String LOG_QUERY = "?stream_mode=run_modes&stream_mode=state_update";
    /** What must never reach a client: our, the JDK's or a library's class and package names. */
    private static final Pattern CLASS_NAMES = Pattern.compile("Exception|io\\.spool|java\\.|org\\.|SQLITE_");

    private Path mount;
    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws IOException {
        mount = Files.createTempDirectory("spool-it-disk-");
        String failure = run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString());
        Assumptions.assumeTrue(failure == null,
                () -> "skipped: a small tmpfs could not be mounted (needs root): " + failure);
        mounted = true;
    }

    @AfterEach
    void unmount() throws IOException {
        if (mounted) run("umount", "-l", mount.toString());
        Files.deleteIfExists(mount);
    }

    @Test
    void aFullDiskLosesNothingReadersSawEndsTheRunAndRecoversWhenSpaceIsFreed() {
        Path data = mount.resolve("data");
        String thread;
        String run;
        List<SseEvent> seen;
        try (ServerProcess server = ServerProcess.startSqlite(data); Http http = new Http(server.port())) {
            Api api = new Api(http);
            thread = api.createThread();
            try (SseStream reader = http.stream("/threads/" + thread + "/stream" + LOG_QUERY).expectOk()) {
                // far more events than 8 MB hold: the disk fills up mid-run
                run = api.createRunId(thread, Api.burst(2_000_000));

                Http.Response health = awaitStatus(http, "/ok?check_db=1", 503);
                assertCauseNamed(health, "full");
                Http.Response write = http.postJson("/threads", java.util.Map.of());
                assertEquals(503, write.status(), write::toString);
                assertCauseNamed(write, "full");
                assertTrue(write.body().contains(data.resolve("spool.db").toString()),
                        () -> "the detail names the database file: " + write);
                assertNotEquals("success", Json.str(api.getRun(thread, run), "status"));

                run("mount", "-o", "remount,size=256m", mount.toString()); // space is freed

                String r = run;
                seen = reader.until(e -> e.isRunDone(r), SOON);
            }
            SseEvent error = seen.stream().filter(e -> "error".equals(e.event())).findFirst()
                    .orElseThrow(() -> new AssertionError("no error event before the run's end"));
            assertEquals("StorageError", Json.str(error.json(), "error"), error::toString);
            assertTrue(Json.str(error.json(), "message").contains("full"), error::toString);
            assertFalse(CLASS_NAMES.matcher(error.data()).find(), error::toString);
            assertTrue(seen.size() > 1000, () -> "the run streamed before the disk filled: " + seen.size());

            assertEquals("error", api.awaitRunStatus(thread, run, Api.TERMINAL, SOON));
            api.awaitThreadStatus(thread, Set.of("error"), SOON); // not busy: the thread is free again

            // working again without a restart: health, writes, and a new run on the same thread
            awaitStatus(http, "/ok?check_db=1", 200);
            assertEquals(200, http.postJson("/threads", java.util.Map.of()).status());
            String next = api.createRunId(thread, Api.burst(10));
            assertEquals("success", api.awaitRunStatus(thread, next, Api.TERMINAL, SOON));
        }

        // every event the reader saw, with the same ids, after a restart
        try (ServerProcess again = ServerProcess.startSqlite(data); Http http = new Http(again.port());
             SseStream replay = http.stream("/threads/" + thread + "/stream" + LOG_QUERY, "-").expectOk()) {
            assertSameEvents(seen, replay.take(seen.size(), SOON), "replay after the disk was full");
        }
    }

    @Test
    void aReadOnlyDataDirectoryAtStartIsOneLineNamingTheDatabase() {
        Path data = mount.resolve("data");
        try (ServerProcess server = ServerProcess.startSqlite(data); Http http = new Http(server.port())) {
            new Api(http).createThread();
        }
        String failure = run("mount", "-o", "remount,ro", mount.toString());
        assertEquals(null, failure);
        ServerProcess.Exit exit = ServerProcess.runUntilExit(Backend.named("sqlite"), data, SOON);
        assertEquals(2, exit.status(), exit::output);
        String db = data.resolve("spool.db").toString();
        List<String> ours = exit.output().lines().filter(l -> !l.startsWith("WARNING:") && !l.isBlank()).toList();
        assertEquals(1, ours.size(), () -> "one line, no stack trace: " + exit.output());
        assertTrue(ours.getFirst().contains(db) && ours.getFirst().contains("read-only"),
                () -> "names the database and what is wrong: " + exit.output());
        assertFalse(CLASS_NAMES.matcher(ours.getFirst()).find(), () -> "no class names: " + exit.output());
    }

    private static Http.Response awaitStatus(Http http, String path, int status) {
        long deadline = System.nanoTime() + SOON.toNanos();
        Http.Response r;
        while ((r = http.get(path)).status() != status) {
            if (System.nanoTime() > deadline) throw new AssertionError("GET " + path + " never answered " + status
                    + "; last: " + r);
            sleep(100);
        }
        return r;
    }

    private static void assertCauseNamed(Http.Response r, String cause) {
        String detail = Json.str(r.json(), "detail");
        assertTrue(detail != null && detail.contains(cause), () -> "the detail names the cause: " + r);
        assertFalse(CLASS_NAMES.matcher(r.body()).find(), () -> "no class names: " + r);
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? null : String.join(" ", cmd) + ": " + out.strip();
        } catch (IOException e) {
            return String.join(" ", cmd) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
