package io.spool.it;

import static io.spool.it.StreamAssertions.assertJsonError;
import static io.spool.it.StreamAssertions.assertSameEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A graph with a subgraph ({@code research}: {@code plan → research → report}, {@code research} running
 * {@code search → summarize}): its events with and without {@code stream_subgraphs}, in run joins narrowed by mode
 * and on the thread stream; a pause inside the subgraph, its state under the paused task, and the resume; the
 * assistant's {@code /subgraphs}.
 */
abstract class SubgraphsContract extends ServerContract {

    private static final Duration RUN = Duration.ofSeconds(30);
    private static final List<String> MODES = List.of("values", "updates", "custom", "messages-tuple");
    private static final String SUMMARY = "Found two facts about graphs.";

    private static Map<String, Object> research(boolean subgraphs, Map<String, Object> configurable) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assistant_id", "research");
        body.put("input", Map.of("topic", "graphs"));
        body.put("stream_mode", MODES);
        body.put("stream_subgraphs", subgraphs);
        body.put("config", Map.of("configurable", configurable));
        return body;
    }

    private static List<String> names(List<SseEvent> events) {
        return events.stream().map(SseEvent::event).toList();
    }

    /** {@code research:<task id>}: the namespace of the subgraph, named by the task of the state paused before it. */
    private String researchNamespace(String t) {
        for (JsonNode state : api.history(t, "limit=100")) {
            if (States.next(state).equals(List.of("research"))) {
                return "research:" + Json.str(state.get("tasks").get(0), "id");
            }
        }
        throw new AssertionError("no state before research in the history of " + t);
    }

    /** The events of a research run streamed with {@code stream_subgraphs}, named with namespace {@code ns}. */
    private static List<String> withSubgraphs(String ns) {
        List<String> names = new ArrayList<>(List.of("metadata", "values", "updates", "values",
                "values|" + ns, "custom|" + ns, "updates|" + ns, "values|" + ns));
        names.addAll(Collections.nCopies(5, "messages|" + ns));
        names.addAll(List.of("updates|" + ns, "values|" + ns, "updates", "values", "updates", "values"));
        return names;
    }

    @Test
    void withoutStreamSubgraphsOnlyTheRootGraphsEventsAreStreamed() {
        String t = api.createThread();
        List<SseEvent> events = RunStreams.stream(http, t, research(false, Map.of()));

        // the summary message the subgraph added comes whole, from the research node, when it returns
        assertEquals(List.of("metadata", "values", "updates", "values", "messages", "updates", "values", "updates",
                "values"), names(events));
        JsonNode summary = events.get(4).json();
        assertEquals(SUMMARY, Json.str(summary.get(0), "content"), summary::toString);
        assertEquals("research", Json.str(summary.get(1), "langgraph_node"), summary::toString);
        assertEquals(Json.str(api.state(t).get("values").get("messages").get(0), "id"), Json.str(summary.get(0), "id"));
        List<String> updated = events.stream().filter(e -> e.event().equals("updates"))
                .map(e -> e.json().propertyNames().iterator().next()).toList();
        assertEquals(List.of("plan", "research", "report"), updated);
        JsonNode researched = events.get(5).json().get("research");
        assertEquals(SUMMARY, Json.str(researched, "summary"), researched::toString);
        assertEquals("Report on graphs: " + SUMMARY, Json.str(events.getLast().json(), "report"));
    }

    @Test
    void aMessageReturnedWholeIsCompleteAtOnceInTheLegacyMessagesMode() {
        String t = api.createThread();
        Map<String, Object> body = new LinkedHashMap<>(research(false, Map.of()));
        body.put("stream_mode", "messages");
        List<SseEvent> events = RunStreams.stream(http, t, body);

        assertEquals(List.of("metadata", "messages/metadata", "messages/complete"), names(events));
        JsonNode complete = events.get(2).json().get(0);
        assertEquals(SUMMARY, Json.str(complete, "content"));
        assertTrue(events.get(1).json().has(Json.str(complete, "id")), events::toString);
    }

    @Test
    void withStreamSubgraphsTheSubgraphsEventsCarryItsNamespace() {
        String t = api.createThread();
        List<SseEvent> events = RunStreams.stream(http, t, research(true, Map.of()));
        String ns = researchNamespace(t);

        assertEquals(withSubgraphs(ns), names(events));
        assertEquals(Json.parse("{\"searching\":\"graphs\"}"), events.get(5).json());
        assertEquals(Json.parse("{\"search\":{\"findings\":[\"graphs has nodes\",\"graphs has edges\"]}}"),
                events.get(6).json());
        StringBuilder text = new StringBuilder();
        for (SseEvent e : events.subList(8, 13)) {
            JsonNode chunk = e.json().get(0);
            JsonNode metadata = e.json().get(1);
            assertEquals("summarize", Json.str(metadata, "langgraph_node"), e::toString);
            assertTrue(Json.str(metadata, "langgraph_checkpoint_ns").startsWith(ns + "|summarize:"), e::toString);
            text.append(Json.str(chunk, "content"));
        }
        assertEquals(SUMMARY, text.toString());
        assertEquals(SUMMARY, Json.str(events.get(13).json().get("summarize"), "summary"));
        assertEquals(SUMMARY, Json.str(events.get(15).json().get("research"), "summary"),
                "the subgraph's final state is the research node's update");
    }

    @Test
    void aRunJoinNarrowedByStreamModeKeepsTheSubgraphsEvents() {
        String t = api.createThread();
        String r = api.createRunId(t, research(true, Map.of()));
        assertEquals("success", api.awaitRunStatus(t, r, Api.TERMINAL, RUN));
        String path = "/threads/" + t + "/runs/" + r + "/stream";
        List<SseEvent> all;
        try (SseStream s = http.stream(path, "-1").expectOk()) {
            all = s.untilEnd(SOON);
        }
        assertEquals(withSubgraphs(researchNamespace(t)), names(all));

        for (String mode : List.of("updates", "custom", "messages-tuple")) {
            String event = mode.equals("messages-tuple") ? "messages" : mode;
            try (SseStream s = http.stream(path + "?stream_mode=" + mode, "-1").expectOk()) {
                List<SseEvent> got = s.untilEnd(SOON);
                List<SseEvent> expected = all.stream().filter(e -> e.isRunStart() || e.event().equals(event)
                        || e.event().startsWith(event + "|")).toList();
                assertSameEvents(expected, got, "join ?stream_mode=" + mode);
                assertTrue(got.stream().anyMatch(e -> e.event().startsWith(event + "|")), mode);
            }
        }
    }

    @Test
    void theThreadStreamCarriesTheSubgraphsEvents() {
        String t = api.createThread();
        try (SseStream s = http.stream("/threads/" + t + "/stream").expectOk()) {
            String r = api.createRunId(t, research(true, Map.of()));
            List<SseEvent> events = s.until(e -> e.isRunDone(r), RUN);
            List<String> expected = new ArrayList<>(withSubgraphs(researchNamespace(t)));
            expected.add("metadata");
            assertEquals(expected, names(events));
        }
    }

    @Test
    void aPauseInsideTheSubgraphShowsItsStateAndResumesThere() {
        String t = api.createThread();
        List<SseEvent> paused = RunStreams.stream(http, t, research(true, Map.of("review", true)));
        String ns = researchNamespace(t);
        assertEquals(List.of("metadata", "values", "updates", "values", "values|" + ns, "custom|" + ns,
                "updates|" + ns, "values|" + ns, "updates", "values"), names(paused));
        JsonNode question = paused.getLast().json().get("__interrupt__").get(0);
        assertEquals(Json.parse("{\"question\":\"keep these findings?\","
                + "\"findings\":[\"graphs has nodes\",\"graphs has edges\"]}"), question.get("value"));

        // the root graph waits before research; the interrupt is pending on research's task
        JsonNode state = api.state(t);
        assertEquals(List.of("research"), States.next(state));
        JsonNode task = state.get("tasks").get(0);
        assertEquals(ns, "research:" + Json.str(task, "id"));
        assertEquals(Json.str(question, "id"), Json.str(task.get("interrupts").get(0), "id"));
        assertEquals(Set.of(Json.str(task, "id")), Set.copyOf(api.getThread(t).get("interrupts").propertyNames()));
        assertEquals(Json.parse("{\"configurable\":{\"thread_id\":\"" + t + "\",\"checkpoint_ns\":\"" + ns + "\"}}"),
                task.get("state"));

        // with subgraphs=true, the subgraph's own state: after search, before summarize, which asked
        Http.Response withSubgraphs = http.get("/threads/" + t + "/state?subgraphs=true");
        assertEquals(200, withSubgraphs.status(), withSubgraphs::toString);
        JsonNode inside = withSubgraphs.json().get("tasks").get(0).get("state");
        assertEquals(List.of("summarize"), States.next(inside), inside::toString);
        assertEquals(Json.parse("[\"graphs has nodes\",\"graphs has edges\"]"), inside.get("values").get("findings"));
        assertEquals(ns, Json.str(inside.get("checkpoint"), "checkpoint_ns"));
        assertEquals(1, States.step(inside));
        JsonNode innerTask = inside.get("tasks").get(0);
        assertEquals("summarize", Json.str(innerTask, "name"));
        assertEquals(Json.str(question, "id"), Json.str(innerTask.get("interrupts").get(0), "id"));
        assertEquals(Json.str(question, "id"), Json.str(inside.get("interrupts").get(0), "id"));

        // the resume goes on inside the subgraph: search does not run again
        Map<String, Object> resume = new LinkedHashMap<>(research(true, Map.of("review", true)));
        resume.remove("input");
        resume.put("command", Map.of("resume", "keep"));
        List<SseEvent> resumed = RunStreams.stream(http, t, resume);
        assertTrue(resumed.stream().noneMatch(e -> e.event().startsWith("custom|")), () -> names(resumed).toString());
        assertEquals(List.of("summarize"), resumed.stream().filter(e -> e.event().startsWith("updates|"))
                .map(e -> e.json().propertyNames().iterator().next()).toList());
        JsonNode done = api.state(t);
        assertEquals(List.of(), States.next(done));
        assertEquals("keep", Json.str(done.get("values"), "review"));
        assertEquals("Report on graphs: " + SUMMARY, Json.str(done.get("values"), "report"));
        assertEquals("idle", Json.str(api.getThread(t), "status"));
        // one checkpoint per step of the root graph: input, start, plan, research, report
        assertEquals(5, api.history(t, "limit=100").size());
    }

    @Test
    void theAssistantListsItsSubgraph() {
        for (String query : List.of("/subgraphs", "/subgraphs?recurse=true", "/subgraphs/research")) {
            Http.Response r = http.get("/assistants/research" + query);
            assertEquals(200, r.status(), r::toString);
            assertEquals(List.of("research"), List.copyOf(r.json().propertyNames()), r::toString);
            JsonNode schemas = r.json().get("research");
            assertEquals(Set.of("input_schema", "output_schema", "state_schema", "config_schema", "context_schema"),
                    Set.copyOf(schemas.propertyNames()), r::toString);
            assertTrue(schemas.get("state_schema").get("properties").has("messages"), r::toString);
            // tagged as the official schemas tag a list of messages
            assertEquals("messages", Json.str(schemas.get("state_schema").get("properties").get("messages"),
                    "langgraph_type"), r::toString);
        }
        Http.Response none = http.get("/assistants/research/subgraphs/plan");
        assertEquals(Json.parse("{}"), none.json(), none::toString);
        Http.Response graph = http.get("/assistants/research/graph");
        List<String> nodes = new ArrayList<>();
        for (JsonNode n : graph.json().get("nodes")) nodes.add(Json.str(n, "id"));
        assertEquals(List.of("__start__", "plan", "research", "report", "__end__"), nodes);
        // as the JS server draws a compiled subgraph (checked against 1.5.1)
        assertEquals(Json.parse("{\"id\":[\"langgraph\",\"pregel\",\"CompiledStateGraph\"],\"name\":\"LangGraph\"}"),
                graph.json().get("nodes").get(2).get("data"), graph::toString);

        // xray draws the subgraph's nodes in place of the node running it, as the official servers do
        for (String xray : List.of("true", "1")) {
            Http.Response drawn = http.get("/assistants/research/graph?xray=" + xray);
            assertEquals(200, drawn.status(), drawn::toString);
            List<String> ids = new ArrayList<>();
            for (JsonNode n : drawn.json().get("nodes")) ids.add(Json.str(n, "id"));
            assertEquals(List.of("__start__", "plan", "research:search", "research:summarize", "report", "__end__"),
                    ids, drawn::toString);
            assertEquals(Json.parse("{\"id\":[\"langgraph\",\"RunnableCallable\"],\"name\":\"search\"}"),
                    drawn.json().get("nodes").get(2).get("data"), drawn::toString);
            List<String> edges = new ArrayList<>();
            for (JsonNode e : drawn.json().get("edges")) {
                edges.add(Json.str(e, "source") + "->" + Json.str(e, "target"));
            }
            assertEquals(List.of("research:search->research:summarize", "__start__->plan", "plan->research:search",
                    "research:summarize->report", "report->__end__"), edges, drawn::toString);
        }
        assertEquals(graph.json(), http.get("/assistants/research/graph?xray=0").json());
        assertJsonError(http.get("/assistants/research/graph?xray=maybe"), 422);
    }
}
