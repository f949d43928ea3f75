package io.spool.it;

import static io.spool.it.StreamAssertions.assertIdsStrictlyIncreasing;
import static io.spool.it.StreamAssertions.assertWellFramed;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs streamed to their end with {@code POST /threads/{t}/runs/stream}, as the stream-mode tests read them. */
final class RunStreams {

    /** Deadline for a whole run. */
    static final Duration RUN = Duration.ofSeconds(30);
    /** What the {@code chat} example graph answers, one character per chunk. */
    static final String REPLY = "Hello from the fake model!";

    private RunStreams() {
    }

    /** Streams a run to its end; checks framing, ids and the start marker. */
    static List<SseEvent> stream(Http http, String threadId, Map<String, Object> body) {
        try (SseStream s = http.postStream("/threads/" + threadId + "/runs/stream", body).expectOk()) {
            List<SseEvent> events = s.untilEnd(RUN);
            assertWellFramed(s);
            assertIdsStrictlyIncreasing(events);
            assertTrue(!events.isEmpty() && events.getFirst().isRunStart(), events::toString);
            return events;
        }
    }

    /** A run body for the {@code chat} graph, saying "hi". */
    static Map<String, Object> chat(Object streamMode) {
        return Map.of("assistant_id", "chat",
                "input", Map.of("messages", List.of(Map.of("role", "user", "content", "hi"))),
                "stream_mode", streamMode);
    }

    /** The run id of a run's events (from its start marker). */
    static String runId(List<SseEvent> events) {
        return Json.str(events.getFirst().json(), "run_id");
    }

    /** The events after the start marker. */
    static List<SseEvent> after(List<SseEvent> events) {
        return events.subList(1, events.size());
    }
}
