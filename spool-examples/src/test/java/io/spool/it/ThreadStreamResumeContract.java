package io.spool.it;

import static io.spool.it.StreamAssertions.assertIdsStrictlyIncreasing;
import static io.spool.it.StreamAssertions.assertSameEvents;
import static io.spool.it.StreamAssertions.assertWellFramed;
import static io.spool.it.StreamAssertions.shapes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Resuming the thread stream with {@code Last-Event-ID}: exclusive cursors, {@code -}/{@code -1}/{@code 0} from the
 * start, then live, with no gap and no duplicate, also when the client reconnects while a run is emitting. Every
 * comparison is against a reference reader that stayed joined the whole time.
 */
abstract class ThreadStreamResumeContract extends ServerContract {

    private static final Duration LONG = Duration.ofSeconds(60);

    @Test
    void reconnectingOverAndOverDuringABurstLosesAndRepeatsNothing() {
        String t = api.createThread();
        String path = "/threads/" + t + "/stream";
        try (SseStream reference = http.stream(path).expectOk()) {
            SseStream client = http.stream(path).expectOk();
            String run = api.createRunId(t, Api.burst(5000));
            List<SseEvent> seen = reconnectingReader(path, client, run, new int[] {1, 2, 300, 1, 1200, 7, 2500});

            List<SseEvent> all = reference.until(e -> e.isRunDone(run), LONG);
            assertEquals(5002, all.size(), "start + 5000 custom events + run_done");
            assertTrue(all.getFirst().isRunStart(run), all.getFirst()::toString);
            for (int i = 0; i < 5000; i++) {
                SseEvent e = all.get(i + 1);
                assertEquals("custom", e.event(), e::toString);
                assertEquals(i, e.json().get("i").asInt(), e::toString);
            }
            assertIdsStrictlyIncreasing(all);
            assertSameEvents(all, seen, "the reconnecting client");
            assertWellFramed(reference);
        }
    }

    @Test
    void reconnectingAfterEveryEventWhileAnAgentRunsLosesAndRepeatsNothing() {
        String t = api.createThread();
        String path = "/threads/" + t + "/stream";
        try (SseStream reference = http.stream(path).expectOk()) {
            SseStream client = http.stream(path).expectOk();
            String run = api.createRunId(t,
                    Api.agent(List.of("a"), List.of("values", "updates", "custom"), 40));
            List<SseEvent> seen = reconnectingReader(path, client, run, new int[] {1, 1, 2});

            List<SseEvent> all = reference.until(e -> e.isRunDone(run), LONG);
            List<String> expected = new ArrayList<>(
                    AgentEvents.run(run, List.of("values", "updates", "custom"), List.of(), List.of("a")));
            expected.add(AgentEvents.runDone(run));
            assertEquals(expected, shapes(all));
            assertIdsStrictlyIncreasing(all);
            assertSameEvents(all, seen, "the reconnecting client");
        }
    }

    @Test
    void cursorsReplayExactlyWhatFollowsThemThenContinueLive() {
        String t = api.createThread();
        String path = "/threads/" + t + "/stream?stream_mode=run_modes&stream_mode=state_update";
        try (SseStream reference = http.stream(path).expectOk()) {
            api.waitRun(t, Api.agent(List.of("a"), List.of("values", "custom"), 20));
            api.updateState(t, Map.of("items", List.of("manual")));
            String r2 = api.createRunId(t, Api.agent(List.of("b"), List.of("updates"), 20));
            List<SseEvent> log = reference.until(e -> e.isRunDone(r2), LONG);
            assertEquals(1, log.stream().filter(SseEvent::isStateUpdate).count(), () -> "one state_update: " + log);
            assertIdsStrictlyIncreasing(log);

            // an exclusive cursor at the k-th event replays k+1...
            for (int k : new int[] {0, 1, log.size() / 2, log.size() - 2}) {
                try (SseStream s = http.stream(path, log.get(k).id()).expectOk()) {
                    assertSameEvents(log.subList(k + 1, log.size()), s.take(log.size() - k - 1, SOON),
                            "replay after event " + k + " (" + log.get(k).id() + ")");
                }
            }
            // "-1" and "0" mean "from the start" like "-"
            for (String start : List.of("-1", "0")) {
                try (SseStream s = http.stream(path, start).expectOk()) {
                    assertSameEvents(log, s.take(log.size(), SOON), "replay from " + start);
                }
            }
            try (SseStream fromStart = http.stream(path, "-").expectOk();
                    SseStream fromLast = http.stream(path, log.getLast().id()).expectOk()) {
                assertSameEvents(log, fromStart.take(log.size(), SOON), "replay from -");

                // ...and then both continue live, with nothing missing or repeated in between
                String r3 = api.createRunId(t, Api.agent(List.of("c"), List.of("values"), 20));
                List<SseEvent> tail = reference.until(e -> e.isRunDone(r3), LONG);
                assertTrue(tail.getFirst().isRunStart(r3), tail.getFirst()::toString);
                assertSameEvents(tail, fromStart.until(e -> e.isRunDone(r3), LONG), "live after the - replay");
                assertSameEvents(tail, fromLast.until(e -> e.isRunDone(r3), LONG),
                        "live after a cursor at the last event");
            }
        }
    }

    @Test
    void replayOfALogLongerThanTheHotTailIsSeamless() {
        // more events than the server keeps in memory per thread (10,000), so replay starts in storage
        int count = 12_000;
        String t = api.createThread();
        String path = "/threads/" + t + "/stream";
        try (SseStream reference = http.stream(path).expectOk()) {
            String run = api.createRunId(t, Api.burst(count));
            List<SseEvent> all = reference.until(e -> e.isRunDone(run), LONG);
            assertEquals(count + 2, all.size(), "start + custom events + run_done");
            assertIdsStrictlyIncreasing(all);
            try (SseStream s = http.stream(path, "-").expectOk()) {
                assertSameEvents(all, s.take(all.size(), LONG), "replay from - of " + all.size() + " events");
            }
            for (int k : new int[] {1, 1000, 2500}) {
                try (SseStream s = http.stream(path, all.get(k).id()).expectOk()) {
                    assertSameEvents(all.subList(k + 1, all.size()), s.take(all.size() - k - 1, LONG),
                            "replay after event " + k);
                }
            }
        }
    }

    @Test
    void aJoinWithoutLastEventIdGetsOnlyWhatIsAppendedAfterIt() {
        String t = api.createThread();
        api.waitRun(t, Api.agent(List.of("old"), List.of("values"), 20));
        try (SseStream s = http.stream("/threads/" + t + "/stream").expectOk()) {
            String r = api.createRunId(t, Api.agent(List.of("new"), List.of("updates"), 20));
            List<SseEvent> events = s.until(e -> e.isRunDone(r), LONG);
            List<String> expected = new ArrayList<>(AgentEvents.run(r, List.of("updates"),
                    AgentEvents.itemsAfter(List.of(), List.of("old")), List.of("new")));
            expected.add(AgentEvents.runDone(r));
            assertEquals(expected, shapes(events));
        }
    }

    /**
     * Reads {@code first} and then reconnects again and again with {@code Last-Event-ID} set to the last id seen,
     * reading {@code chunks[i]} events per connection, until the run's {@code run_done}; returns all events read.
     */
    private List<SseEvent> reconnectingReader(String path, SseStream first, String runId, int[] chunks) {
        List<SseEvent> seen = new ArrayList<>();
        SseStream current = first;
        try {
            for (int round = 0; ; round++) {
                for (int i = 0; i < chunks[round % chunks.length]; i++) {
                    SseEvent e = current.next(LONG);
                    seen.add(e);
                    if (e.isRunDone(runId)) return seen;
                }
                current.close();
                current = http.stream(path, seen.getLast().id()).expectOk();
            }
        } finally {
            current.close();
        }
    }
}
