package io.spool.it;

import static io.spool.it.StreamAssertions.assertIdsStrictlyIncreasing;
import static io.spool.it.StreamAssertions.assertSameEvents;
import static io.spool.it.StreamAssertions.assertWellFramed;
import static io.spool.it.StreamAssertions.shapes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The thread stream's {@code stream_modes} filter: {@code run_modes} (default) = every run event, {@code lifecycle} =
 * run start and {@code run_done} only, {@code state_update} = one event per {@code POST /threads/{t}/state} only;
 * several = the union. Accepted as {@code stream_modes} or {@code stream_mode}, repeated keys, comma lists, or
 * JSON-array text.
 */
abstract class ThreadStreamModesContract extends ServerContract {

    private static final Set<String> RUN_MODES = Set.of("run_modes");
    private static final Set<String> LIFECYCLE = Set.of("lifecycle");
    private static final Set<String> STATE = Set.of("state_update");
    private static final Set<String> LIFECYCLE_AND_STATE = Set.of("lifecycle", "state_update");
    private static final Set<String> ALL = Set.of("run_modes", "state_update");

    /** Query string → the modes it selects. */
    private static Map<String, Set<String>> encodings() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("", RUN_MODES);
        m.put("stream_modes=run_modes", RUN_MODES);
        m.put("stream_mode=run_modes", RUN_MODES);
        m.put("stream_modes=lifecycle", LIFECYCLE);
        m.put("stream_mode=lifecycle", LIFECYCLE);
        m.put("stream_modes=state_update", STATE);
        m.put("stream_mode=state_update", STATE);
        m.put("stream_modes=lifecycle&stream_modes=state_update", LIFECYCLE_AND_STATE);
        m.put("stream_mode=lifecycle&stream_mode=state_update", LIFECYCLE_AND_STATE);
        m.put("stream_modes=lifecycle,state_update", LIFECYCLE_AND_STATE);
        m.put("stream_mode=lifecycle%2Cstate_update", LIFECYCLE_AND_STATE);
        m.put("stream_mode=" + enc("[\"lifecycle\",\"state_update\"]"), LIFECYCLE_AND_STATE);
        m.put("stream_modes=" + enc("[\"lifecycle\",\"state_update\"]"), LIFECYCLE_AND_STATE);
        m.put("stream_mode=" + enc("[\"state_update\"]"), STATE);
        m.put("stream_mode=run_modes,state_update", ALL);
        m.put("stream_modes=run_modes&stream_modes=state_update", ALL);
        m.put("stream_modes=" + enc("[\"run_modes\",\"lifecycle\"]"), RUN_MODES);
        return m;
    }

    @Test
    void eachEncodingOfEachModeSelectionGetsExactlyItsEvents() {
        String t = api.createThread();
        Map<String, SseStream> streams = new LinkedHashMap<>();
        try {
            for (String query : encodings().keySet()) {
                String path = "/threads/" + t + "/stream" + (query.isEmpty() ? "" : "?" + query);
                SseStream s = http.stream(path).expectOk();
                streams.put(query, s);
                assertLocation(s, "/threads/" + t + "/stream", query);
            }

            // the thread's log: run 1, state update A, run 2, state update B
            api.waitRun(t, Api.agent(List.of("r1"), List.of("values", "custom"), 20));
            api.updateState(t, Map.of("items", List.of("manual-A")));
            api.waitRun(t, Api.agent(List.of("r2"), List.of("updates"), 20));
            api.updateState(t, Map.of("items", List.of("manual-B")));

            // the default stream: both runs, in their modes, and no state update
            List<SseEvent> runEvents = streams.get("").until(SseEvent::isRunDone, SOON);
            String r1 = Json.str(runEvents.getFirst().json(), "run_id");
            runEvents.addAll(streams.get("").until(SseEvent::isRunDone, SOON));
            String r2 = Json.str(runEvents.getLast().json(), "run_id");
            List<String> expectedRunEvents = new ArrayList<>();
            expectedRunEvents.addAll(AgentEvents.run(r1, List.of("values", "custom"), List.of(), List.of("r1")));
            expectedRunEvents.add(AgentEvents.runDone(r1));
            expectedRunEvents.addAll(AgentEvents.run(r2, List.of("updates"),
                    List.of("r1", "step1", "step2", "step3", "manual-A"), List.of("r2")));
            expectedRunEvents.add(AgentEvents.runDone(r2));
            assertEquals(expectedRunEvents, shapes(runEvents), "stream with no stream_modes (run_modes)");

            // state_update: exactly one per POST /threads/{t}/state, none after runs
            List<SseEvent> stateEvents = streams.get("stream_modes=state_update").take(2, SOON);
            assertStateUpdate(stateEvents.get(0), t, "manual-A");
            assertStateUpdate(stateEvents.get(1), t, "manual-B");

            // the whole log, and each selection as a filter of it
            List<SseEvent> log = new ArrayList<>(runEvents);
            log.addAll(stateEvents);
            log.sort((a, b) -> a.after(b) ? 1 : b.after(a) ? -1 : 0);
            assertIdsStrictlyIncreasing(log);
            List<SseEvent> lifecycle = log.stream().filter(lifecycleFilter()).toList();
            assertEquals(List.of(AgentEvents.runStart(r1), AgentEvents.runDone(r1), AgentEvents.runStart(r2),
                    AgentEvents.runDone(r2)), shapes(lifecycle), "lifecycle = starts and run_done only");
            assertTrue(log.indexOf(stateEvents.get(0)) > log.indexOf(lifecycle.get(1))
                    && log.indexOf(stateEvents.get(0)) < log.indexOf(lifecycle.get(2)),
                    "state update A between the runs");

            for (Map.Entry<String, Set<String>> enc : encodings().entrySet()) {
                List<SseEvent> expected = log.stream().filter(filter(enc.getValue())).toList();
                List<SseEvent> got = new ArrayList<>();
                if (enc.getKey().isEmpty()) got.addAll(runEvents);
                else if (enc.getKey().equals("stream_modes=state_update")) got.addAll(stateEvents);
                else got.addAll(streams.get(enc.getKey()).take(expected.size(), SOON));
                assertSameEvents(expected, got, "?" + enc.getKey() + " " + enc.getValue());
                assertWellFramed(streams.get(enc.getKey()));
            }
        } finally {
            streams.values().forEach(SseStream::close);
        }
    }

    private static void assertStateUpdate(SseEvent e, String threadId, String lastItem) {
        assertEquals("state_update", e.event(), e::toString);
        JsonNode d = e.json();
        assertEquals(threadId, Json.str(d, "thread_id"), d::toString);
        JsonNode state = d.get("state");
        assertNotNull(state, d::toString);
        List<String> items = Json.strings(state.path("values").get("items"));
        assertTrue(!items.isEmpty() && items.getLast().equals(lastItem), () -> "state.values.items of " + d);
        assertTrue(state.has("next") && state.has("checkpoint"), () -> "a ThreadState has next and checkpoint: " + d);
    }

    private static Predicate<SseEvent> lifecycleFilter() {
        return e -> e.isRunStart() || e.isRunDone();
    }

    private static Predicate<SseEvent> filter(Set<String> modes) {
        return e -> (modes.contains("run_modes") && !e.isStateUpdate())
                || (modes.contains("lifecycle") && lifecycleFilter().test(e))
                || (modes.contains("state_update") && e.isStateUpdate());
    }

    /** The Location header names the same path and query (compared decoded). */
    private static void assertLocation(SseStream s, String path, String query) {
        String location = s.header("location");
        assertNotNull(location, () -> "Location header of " + s);
        String rest = location.replaceFirst("^https?://[^/]+", "");
        int q = rest.indexOf('?');
        String locPath = q < 0 ? rest : rest.substring(0, q);
        String locQuery = q < 0 ? "" : rest.substring(q + 1);
        assertEquals(path, dec(locPath), () -> "Location of " + s + ": " + location);
        assertEquals(dec(query), dec(locQuery), () -> "Location of " + s + ": " + location);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
