package io.spool.it;

import static io.spool.it.StreamAssertions.assertJsonError;
import static io.spool.it.StreamAssertions.shape;
import static io.spool.it.StreamAssertions.shapes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Human in the loop: a node's {@code interrupt()} pauses the thread (run {@code success}, thread
 * {@code interrupted}, the interrupt listed on the thread and in its state, {@code __interrupt__} in the
 * {@code values} / {@code updates} streams); {@code command} resumes it ({@code resume} plain or by interrupt id,
 * {@code update}, {@code goto}); {@code interrupt_before} / {@code interrupt_after} pause the agent graph between
 * nodes; resuming with nothing pending is a 400, {@code input} with {@code command} a 422.
 */
abstract class InterruptsContract extends ServerContract {

    private static Map<String, Object> hitlStart(String item, List<String> modes) {
        return Map.of("assistant_id", "hitl", "input", Map.of("items", List.of(item)), "stream_mode", modes);
    }

    private static Map<String, Object> hitlCommand(Map<String, Object> command, List<String> modes) {
        return Map.of("assistant_id", "hitl", "command", command, "stream_mode", modes);
    }

    private static Map<String, Object> agentPausing(Object input, String field, Object nodes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assistant_id", "agent");
        body.put("input", input);
        body.put("config", Map.of("configurable", Map.of("delay_ms", 10)));
        if (field != null) body.put(field, nodes);
        return body;
    }

    private static Map<String, Object> question(List<String> itemsSoFar) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("question", "approve?");
        q.put("items_so_far", itemsSoFar);
        return q;
    }

    /** Pauses a new hitl thread on {@code ask}; returns the thread id. */
    private String pausedHitlThread(String item) {
        String t = api.createThread();
        JsonNode result = api.waitRun(t, Map.of("assistant_id", "hitl", "input", Map.of("items", List.of(item))));
        assertNotNull(result.get("__interrupt__"), () -> "runs/wait of a paused run names the interrupt: " + result);
        assertEquals("interrupted", Json.str(api.getThread(t), "status"));
        return t;
    }

    @Test
    void theFullHumanInTheLoopFlow() {
        String t = api.createThread();
        List<SseEvent> first = RunStreams.stream(http, t, hitlStart("start", List.of("values", "updates")));
        String r1 = RunStreams.runId(first);
        assertEquals("success", api.awaitRunStatus(t, r1, Api.TERMINAL, SOON), "a pause ends the run well");

        // the thread waits, with the interrupt on the thread and in its state
        JsonNode thread = api.getThread(t);
        assertEquals("interrupted", Json.str(thread, "status"), thread::toString);
        JsonNode state = api.state(t);
        assertEquals(List.of("ask"), States.next(state), state::toString);
        assertEquals(List.of("start", "prepare"), States.items(state), state::toString);
        assertEquals(1, state.get("tasks").size(), state::toString);
        JsonNode task = state.get("tasks").get(0);
        assertEquals("ask", Json.str(task, "name"), state::toString);
        String taskId = Json.str(task, "id");
        assertNotNull(taskId, state::toString);
        assertEquals(1, task.get("interrupts").size(), state::toString);
        JsonNode interrupt = task.get("interrupts").get(0);
        String interruptId = Json.str(interrupt, "id");
        assertTrue(interruptId != null && !interruptId.isBlank(), state::toString);
        Map<String, Object> pending = Map.of("id", interruptId, "value", question(List.of("start", "prepare")));
        assertEquals(Json.parse(Json.write(pending)), interrupt, "tasks[].interrupts");
        assertEquals(Json.parse(Json.write(List.of(pending))), state.get("interrupts"), "state.interrupts");
        assertEquals(Json.parse(Json.write(Map.of(taskId, List.of(pending)))), thread.get("interrupts"),
                "thread.interrupts = {task_id: [{value, id}]}");
        assertEquals(state.get("values"), thread.get("values"));

        // the run's stream showed the pause in both modes, with the same interrupt id
        String interruptEvent = Json.write(Map.of("__interrupt__", List.of(pending)));
        assertEquals(List.of(
                AgentEvents.runStart(r1),
                shape("values", "{\"items\":[\"start\"]}"),
                shape("updates", "{\"prepare\":{\"items\":[\"prepare\"]}}"),
                shape("values", "{\"items\":[\"start\",\"prepare\"]}"),
                shape("updates", interruptEvent),
                shape("values", interruptEvent)), shapes(first));

        // resume: ask gets the answer, finish records it
        List<SseEvent> second =
                RunStreams.stream(http, t, hitlCommand(Map.of("resume", "yes"), List.of("values", "updates")));
        String r2 = RunStreams.runId(second);
        String done = "finish:\"yes\"";
        assertEquals(List.of(
                AgentEvents.runStart(r2),
                shape("values", "{\"items\":[\"start\",\"prepare\"]}"),
                shape("updates", "{\"ask\":{\"items\":[\"ask\"],\"answer\":\"yes\"}}"),
                shape("values", "{\"items\":[\"start\",\"prepare\",\"ask\"],\"answer\":\"yes\"}"),
                shape("updates", Json.write(Map.of("finish", Map.of("items", List.of(done))))),
                shape("values", Json.write(Map.of("items", List.of("start", "prepare", "ask", done),
                        "answer", "yes")))), shapes(second));
        assertEquals("success", api.awaitRunStatus(t, r2, Api.TERMINAL, SOON));
        JsonNode after = api.getThread(t);
        assertEquals("idle", Json.str(after, "status"), after::toString);
        assertEquals(Json.parse("{}"), after.get("interrupts"), after::toString);
        JsonNode end = api.state(t);
        assertEquals(List.of(), States.next(end));
        assertEquals(0, end.get("tasks").size());
        assertEquals(0, end.get("interrupts").size());

        // history: newest first, each super-step with its next, step and source
        JsonNode history = api.history(t, "");
        List<String> expected = List.of(
                States.summary(3, "loop", List.of(), List.of("start", "prepare", "ask", done)),
                States.summary(2, "loop", List.of("finish"), List.of("start", "prepare", "ask")),
                States.summary(1, "loop", List.of("ask"), List.of("start", "prepare")),
                States.summary(0, "loop", List.of("prepare"), List.of("start")),
                States.summary(-1, "input", List.of("__start__"), List.of()));
        // (that there is exactly one checkpoint per step is checked by aPauseOnInterruptWritesNoExtraCheckpoint)
        assertEquals(expected, States.summaries(history).stream().distinct().toList(),
                () -> "history: " + States.summaries(history));
        for (int i = 0; i + 1 < history.size(); i++) {
            assertEquals(States.checkpointId(history.get(i + 1)), States.parentId(history.get(i)),
                    "parent chain at " + i);
        }
        boolean listed = false;
        for (JsonNode s : history) {
            if (s.get("interrupts").size() == 1) {
                listed = true;
                assertEquals(Json.parse(Json.write(List.of(pending))), s.get("interrupts"), s::toString);
                assertEquals(List.of("ask"), States.next(s), s::toString);
            } else {
                assertEquals(0, s.get("interrupts").size(), s::toString);
            }
        }
        assertTrue(listed, "the paused checkpoint lists its interrupt in the history");
        assertEquals(r2, Json.str(history.get(0).get("metadata"), "run_id"));
        assertEquals(r1, Json.str(history.get(history.size() - 1).get("metadata"), "run_id"));
    }

    @Test
    void aPauseOnInterruptWritesNoExtraCheckpoint() {
        String t = pausedHitlThread("start");
        JsonNode paused = api.history(t, "");
        assertEquals(List.of(
                States.summary(1, "loop", List.of("ask"), List.of("start", "prepare")),
                States.summary(0, "loop", List.of("prepare"), List.of("start")),
                States.summary(-1, "input", List.of("__start__"), List.of())), States.summaries(paused),
                "one checkpoint per super-step; the interrupt is recorded on step 1's");
        JsonNode state = api.state(t);
        assertEquals(States.checkpointId(paused.get(1)), States.parentId(state), "the paused state's parent is step 0");
        api.waitRun(t, Map.of("assistant_id", "hitl", "command", Map.of("resume", "yes")));
        assertEquals(5, api.history(t, "").size(), () -> States.summaries(api.history(t, "")).toString());
    }

    @Test
    void resumeByInterruptId() {
        String t = pausedHitlThread("r");
        String id = Json.str(api.state(t).get("interrupts").get(0), "id");
        JsonNode values = api.waitRun(t, Map.of("assistant_id", "hitl", "command",
                Map.of("resume", Map.of(id, "yes"))));
        assertEquals(List.of("r", "prepare", "ask", "finish:\"yes\""), Json.strings(values.get("items")),
                values::toString);
        assertEquals("yes", Json.str(values, "answer"), values::toString);
        assertEquals("idle", Json.str(api.getThread(t), "status"));
    }

    @Test
    void aResumeValueMayBeAnyJson() {
        String t = pausedHitlThread("j");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("approved", true);
        answer.put("n", 2);
        JsonNode values = api.waitRun(t, Map.of("assistant_id", "hitl", "command", Map.of("resume", answer)));
        assertEquals(Json.parse("{\"approved\":true,\"n\":2}"), values.get("answer"), values::toString);
        assertEquals("finish:{\"approved\":true,\"n\":2}", States.items(api.state(t)).getLast(), values::toString);
    }

    @Test
    void aRunFromThePausedCheckpointWithoutCommandAsksAgain() {
        String t = pausedHitlThread("tt");
        JsonNode paused = api.state(t);
        api.waitRun(t, Map.of("assistant_id", "hitl", "command", Map.of("resume", "yes")));

        Map<String, Object> fork = new LinkedHashMap<>();
        fork.put("assistant_id", "hitl");
        fork.put("input", null);
        fork.put("checkpoint", Map.of("checkpoint_id", States.checkpointId(paused)));
        JsonNode again = api.waitRun(t, fork);
        assertEquals(1, again.get("__interrupt__").size(), again::toString); // a paused run answers what it awaits
        assertEquals("interrupted", Json.str(api.getThread(t), "status"));
        JsonNode state = api.state(t);
        assertEquals(List.of("tt", "prepare"), Json.strings(state.get("values").get("items")), state::toString);
        assertEquals(List.of("ask"), States.next(state));
        assertEquals(question(List.of("tt", "prepare")), Json.MAPPER.convertValue(
                state.get("interrupts").get(0).get("value"), Map.class));

        // and the new pause resumes like the first one
        JsonNode done = api.waitRun(t, Map.of("assistant_id", "hitl", "command", Map.of("resume", "again")));
        assertEquals("finish:\"again\"", Json.strings(done.get("items")).getLast(), done::toString);
    }

    @Test
    void resumingFromAPastPausedCheckpointForksWithTheNewAnswer() {
        String t = pausedHitlThread("tt");
        String pausedAt = States.checkpointId(api.state(t));
        api.waitRun(t, Map.of("assistant_id", "hitl", "command", Map.of("resume", "yes")));
        List<String> yesBranch = States.checkpointIds(api.history(t, "limit=100"));

        JsonNode values = api.waitRun(t, Map.of("assistant_id", "hitl", "command", Map.of("resume", "no"),
                "checkpoint", Map.of("checkpoint_id", pausedAt)));
        assertEquals(List.of("tt", "prepare", "ask", "finish:\"no\""), Json.strings(values.get("items")),
                values::toString);
        assertEquals("idle", Json.str(api.getThread(t), "status"));
        List<String> ids = States.checkpointIds(api.history(t, "limit=100"));
        assertEquals(yesBranch, ids.subList(ids.size() - yesBranch.size(), ids.size()), "the yes branch is intact");
    }

    @Test
    void commandUpdateGoesThroughTheReducers() {
        String t = pausedHitlThread("u");
        JsonNode values = api.waitRun(t, Map.of("assistant_id", "hitl", "command",
                Map.of("resume", "yes", "update", Map.of("items", List.of("upd")))));
        List<String> items = Json.strings(values.get("items"));
        assertEquals(5, items.size(), values::toString);
        assertEquals(List.of("u", "prepare"), items.subList(0, 2), "appended, not replaced: " + values);
        assertEquals(Set.of("upd", "ask"), Set.copyOf(items.subList(2, 4)), values::toString);
        assertEquals("finish:\"yes\"", items.get(4), values::toString);
    }

    @Test
    void commandGotoRunsTheNamedNodeInstead() {
        String t = pausedHitlThread("g");
        JsonNode values = api.waitRun(t, Map.of("assistant_id", "hitl", "command", Map.of("goto", "finish")));
        assertEquals(List.of("g", "prepare", "finish:null"), Json.strings(values.get("items")),
                "ask was skipped, so there is no answer: " + values);
        assertEquals("idle", Json.str(api.getThread(t), "status"));
        assertEquals(List.of(), States.next(api.state(t)));
    }

    @Test
    void interruptBeforeAndAfterPauseTheAgentAndARunWithoutInputGoesOn() {
        for (String field : List.of("interrupt_before", "interrupt_after")) {
            String t = api.createThread();
            Object nodes = field.equals("interrupt_before") ? List.of("step2") : List.of("step1");
            JsonNode values = api.waitRun(t, agentPausing(Map.of("items", List.of("s")), field, nodes));
            assertEquals(List.of("s", "step1"), Json.strings(values.get("items")), field);
            JsonNode thread = api.getThread(t);
            assertEquals("interrupted", Json.str(thread, "status"), field + ": " + thread);
            assertEquals("success", Json.str(api.runs(t).get(0), "status"), field);
            JsonNode state = api.state(t);
            assertEquals(List.of("step2"), States.next(state), field + ": " + state);
            assertEquals(List.of("s", "step1"), States.items(state), field);
            assertEquals("step2", Json.str(state.get("tasks").get(0), "name"), field);

            JsonNode rest = api.waitRun(t, agentPausing(null, null, null));
            assertEquals(AgentEvents.itemsAfter(List.of(), List.of("s")), Json.strings(rest.get("items")), field);
            assertEquals("idle", Json.str(api.getThread(t), "status"), field);
            assertEquals(List.of(), States.next(api.state(t)), field);
        }
    }

    @Test
    void aBreakpointPauseEndsTheStreamWithAnEmptyInterruptInUpdatesAndValues() {
        // as LangGraph streams a static breakpoint: no value to ask for, so an empty __interrupt__ list
        String t = api.createThread();
        Map<String, Object> body = Api.with(agentPausing(Map.of("items", List.of("b")), "interrupt_before",
                List.of("step2")), "stream_mode", List.of("values", "updates"));
        List<SseEvent> events = RunStreams.stream(http, t, body);
        List<SseEvent> last = events.subList(events.size() - 2, events.size());
        assertEquals(List.of("updates", "values"), last.stream().map(SseEvent::event).toList(), events::toString);
        for (SseEvent e : last) assertEquals(Json.parse("{\"__interrupt__\":[]}"), e.json(), e::toString);
        assertEquals(List.of("b", "step1"), States.items(api.state(t)), "the state is the thread's, as before");
    }

    @Test
    void continuingAPausedThreadFromItsHeadCheckpointWritesNoFork() {
        // useStream names the head checkpoint when it resumes; the official servers go on from it without a copy
        String t = pausedHitlThread("h");
        JsonNode paused = api.state(t);
        int before = api.history(t, "limit=100").size();
        JsonNode values = api.waitRun(t, Map.of("assistant_id", "hitl", "command", Map.of("resume", "ok"),
                "checkpoint", Map.of("checkpoint_id", States.checkpointId(paused))));
        assertEquals("finish:\"ok\"", Json.strings(values.get("items")).getLast(), values::toString);
        JsonNode history = api.history(t, "limit=100");
        assertEquals(0, api.history(t, Map.of("metadata", Map.of("source", "fork"))).size(),
                () -> States.summaries(history).toString());
        assertEquals(before + 2, history.size(), () -> States.summaries(history).toString()); // ask, finish
        assertEquals(States.checkpointId(paused), States.parentId(history.get(1)), "the run went on from the head");

        // a breakpoint pause, continued with no input from its head checkpoint, likewise
        String a = api.createThread();
        api.waitRun(a, agentPausing(Map.of("items", List.of("s")), "interrupt_before", List.of("step2")));
        Map<String, Object> go = agentPausing(null, null, null);
        go.put("checkpoint", Map.of("checkpoint_id", States.checkpointId(api.state(a))));
        JsonNode rest = api.waitRun(a, go);
        assertEquals(List.of("s", "step1", "step2", "step3"), Json.strings(rest.get("items")), rest::toString);
        assertEquals(0, api.history(a, Map.of("metadata", Map.of("source", "fork"))).size());
    }

    @Test
    void aCommandUpdateOnAnIdleThreadBecomesItsState() {
        // as on the official servers: nothing to resume, so the update is applied (through the reducers) and saved
        String t = api.createThread();
        api.waitRun(t, agentPausing(Map.of("items", List.of("i")), null, null));
        int before = api.history(t, "limit=100").size();
        Map<String, Object> body = Api.with(agentPausing(null, null, null), "command",
                Map.of("update", Map.of("items", List.of("u"))));
        body.remove("input");
        List<SseEvent> events = RunStreams.stream(http, t, Api.with(body, "stream_mode", List.of("values", "updates")));
        List<String> all = List.of("i", "step1", "step2", "step3", "u");
        assertEquals(List.of("values"), RunStreams.after(events).stream().map(SseEvent::event).toList(),
                events::toString);
        assertEquals(all, Json.strings(RunStreams.after(events).getFirst().json().get("items")));
        JsonNode state = api.state(t);
        assertEquals(all, States.items(state));
        assertEquals(List.of(), States.next(state));
        assertEquals("input", States.source(state), state::toString);
        assertEquals(before + 1, api.history(t, "limit=100").size());
        assertEquals("idle", Json.str(api.getThread(t), "status"));
        assertEquals("success", Json.str(api.runs(t).get(0), "status"));
    }

    @Test
    void interruptBeforeAndAfterStarPauseAtEveryNode() {
        Map<String, List<List<String>>> pauses = new LinkedHashMap<>();
        pauses.put("interrupt_before", List.of(
                List.of("s"), List.of("s", "step1"), List.of("s", "step1", "step2")));
        pauses.put("interrupt_after", List.of(
                List.of("s", "step1"), List.of("s", "step1", "step2")));
        for (var e : pauses.entrySet()) {
            String field = e.getKey();
            String t = api.createThread();
            List<List<String>> seen = new ArrayList<>();
            Object input = Map.of("items", List.of("s"));
            while (true) {
                JsonNode values = api.waitRun(t, agentPausing(input, field, "*"));
                input = null;
                List<String> items = Json.strings(values.get("items"));
                if (Json.str(api.getThread(t), "status").equals("idle")) {
                    assertEquals(AgentEvents.itemsAfter(List.of(), List.of("s")), items, field);
                    break;
                }
                assertEquals("interrupted", Json.str(api.getThread(t), "status"), field);
                List<String> next = States.next(api.state(t));
                assertEquals(List.of("step" + (items.size())), next, field + " after " + items);
                seen.add(items);
                assertTrue(seen.size() <= 3, () -> field + " paused too often: " + seen);
            }
            assertEquals(e.getValue(), seen, field + " \"*\" pauses at each node");
        }
    }

    @Test
    void resumingAThreadWithNothingPendingIs400() {
        String fresh = api.createThread();
        String finished = api.createThread();
        api.waitRun(finished, Api.agent(List.of("f"), List.of("values"), 10));
        for (String t : List.of(fresh, finished)) {
            for (Object resume : List.of("yes", Map.of("some-id", "yes"))) {
                Map<String, Object> body = Map.of("assistant_id", "hitl", "command", Map.of("resume", resume));
                JsonNode error = assertJsonError(http.postJson("/threads/" + t + "/runs", body), 400);
                assertTrue(Json.str(error, "detail").toLowerCase().contains("resume"), error::toString);
                assertJsonError(http.postJson("/threads/" + t + "/runs/wait", body), 400);
                assertJsonError(http.postStream("/threads/" + t + "/runs/stream", body), 400);
            }
        }
        assertEquals(0, api.runs(fresh).size(), "no run was created");
        assertEquals(1, api.runs(finished).size(), "no run was created");
        // stateless runs cannot resume at all
        assertJsonError(http.postJson("/runs/wait", Map.of("assistant_id", "hitl", "command",
                Map.of("resume", "yes"))), 400);
    }

    @Test
    void inputAndCommandTogetherIs422() {
        String t = pausedHitlThread("x");
        Map<String, Object> body = Map.of("assistant_id", "hitl", "input", Map.of("items", List.of("y")),
                "command", Map.of("resume", "yes"));
        JsonNode error = assertJsonError(http.postJson("/threads/" + t + "/runs", body), 422);
        assertFalse(Json.str(error, "detail").isBlank());
        assertJsonError(http.postJson("/threads/" + t + "/runs/wait", body), 422);
        assertJsonError(http.postStream("/threads/" + t + "/runs/stream", body), 422);
        assertEquals(1, api.runs(t).size(), "no run was created");
        assertEquals("interrupted", Json.str(api.getThread(t), "status"), "the thread still waits");
    }
}
