package io.spool.it;

import static io.spool.it.StreamAssertions.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Checkpoints, state and history: one checkpoint per super-step with {@code source}, {@code step}, {@code parents} and
 * the run's metadata; the state now and at any checkpoint; history newest first with {@code limit}, {@code before}
 * and a metadata filter; explicit state updates ({@code as_node}, from a past checkpoint) through the reducers; runs
 * from a past checkpoint that fork the thread and leave the old history intact.
 */
abstract class StateHistoryContract extends ServerContract {

    private static final String AGENT_SYSTEM_ASSISTANT = "fe096781-5601-53d2-b2f6-0d3403f7e9ca";

    /** The history of one agent run with input {@code [a]} on a new thread, newest first. */
    private static List<String> oneRun(String in) {
        return List.of(
                States.summary(3, "loop", List.of(), List.of(in, "step1", "step2", "step3")),
                States.summary(2, "loop", List.of("step3"), List.of(in, "step1", "step2")),
                States.summary(1, "loop", List.of("step2"), List.of(in, "step1")),
                States.summary(0, "loop", List.of("step1"), List.of(in)),
                States.summary(-1, "input", List.of("__start__"), List.of()));
    }

    /** A run body for {@code agent} that goes on from the thread's state: {@code input: null}. */
    static Map<String, Object> agentContinue(Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assistant_id", "agent");
        body.put("input", null);
        body.put("config", Map.of("configurable", Map.of("delay_ms", 10)));
        body.putAll(extra);
        return body;
    }

    private String runIdOfOnlyRun(String t) {
        JsonNode runs = api.runs(t);
        assertEquals(1, runs.size(), runs::toString);
        return Json.str(runs.get(0), "run_id");
    }

    @Test
    void aNewThreadHasAnEmptyStateAndNoHistory() {
        String t = api.createThread();
        JsonNode state = api.state(t);
        assertEquals(Json.parse("{}"), state.get("values"), state::toString);
        assertEquals(List.of(), States.next(state), state::toString);
        assertEquals(0, state.get("tasks").size(), state::toString);
        assertEquals(0, state.get("interrupts").size(), state::toString);
        assertEquals(0, api.history(t, "").size());
        assertEquals(0, api.history(t, Map.of()).size());
    }

    @Test
    void aRunWritesOneCheckpointPerSuperStepWithSourceStepParentsAndTheRunsMetadata() {
        String t = api.createThread();
        api.waitRun(t, Api.with(Api.agent(List.of("a"), List.of("values"), 10), "metadata",
                Map.of("purpose", "history-it")));
        String runId = runIdOfOnlyRun(t);

        JsonNode history = api.history(t, "");
        assertEquals(oneRun("a"), States.summaries(history), "history newest first, one checkpoint per super-step");
        OffsetDateTime newer = null;
        for (int i = 0; i < history.size(); i++) {
            JsonNode s = history.get(i);
            JsonNode md = s.get("metadata");
            assertTrue(md.get("parents").isObject() && md.get("parents").isEmpty(), s::toString);
            assertEquals(runId, Json.str(md, "run_id"), s::toString);
            assertEquals("history-it", Json.str(md, "purpose"), () -> "the run's metadata on its checkpoints: " + s);
            assertEquals("agent", Json.str(md, "graph_id"), s::toString);
            assertEquals(AGENT_SYSTEM_ASSISTANT, Json.str(md, "assistant_id"), s::toString);
            assertEquals(t, Json.str(md, "thread_id"), s::toString);
            assertEquals(10, md.path("delay_ms").asInt(), () -> "configurable scalars in the metadata: " + s);

            JsonNode cp = s.get("checkpoint");
            assertEquals(t, Json.str(cp, "thread_id"), s::toString);
            assertEquals("", Json.str(cp, "checkpoint_ns"), s::toString);
            assertTrue(States.checkpointId(s) != null && !States.checkpointId(s).isBlank(), s::toString);
            // each checkpoint's parent is the one after it in the list; the first checkpoint has none
            if (i + 1 < history.size()) {
                assertEquals(States.checkpointId(history.get(i + 1)), States.parentId(s), s::toString);
                assertEquals(t, Json.str(s.get("parent_checkpoint"), "thread_id"), s::toString);
            } else {
                assertNull(States.parentId(s), s::toString);
            }
            // a task per next node, no interrupts anywhere
            List<String> taskNames = new ArrayList<>();
            for (JsonNode task : s.get("tasks")) {
                taskNames.add(Json.str(task, "name"));
                assertNotNull(Json.str(task, "id"), s::toString);
                assertEquals(0, task.get("interrupts").size(), s::toString);
            }
            assertEquals(States.next(s), taskNames, s::toString);
            assertEquals(0, s.get("interrupts").size(), s::toString);

            OffsetDateTime created = OffsetDateTime.parse(Json.str(s, "created_at"));
            if (newer != null) assertFalse(created.isAfter(newer), () -> "newest first: " + s);
            newer = created;
        }
        assertEquals(history.get(0), api.state(t), "GET /state is the newest history entry");
    }

    @Test
    void theStateAtEachCheckpointIsItsHistoryEntry() {
        String t = api.createThread();
        api.waitRun(t, Api.agent(List.of("a"), List.of("values"), 10));
        JsonNode history = api.history(t, "");
        assertEquals(5, history.size(), history::toString);
        for (JsonNode entry : history) {
            String id = States.checkpointId(entry);
            assertEquals(entry, api.stateAt(t, id), "GET /state/" + id);
            Http.Response post = http.postJson("/threads/" + t + "/state/checkpoint",
                    Map.of("checkpoint", Map.of("checkpoint_id", id)));
            assertEquals(200, post.status(), post::toString);
            assertEquals(entry, post.json(), "POST /state/checkpoint " + id);
        }
        String unknown = UUID.randomUUID().toString();
        assertJsonError(http.get("/threads/" + t + "/state/" + unknown), 404);
        assertJsonError(http.postJson("/threads/" + t + "/state/checkpoint",
                Map.of("checkpoint", Map.of("checkpoint_id", unknown))), 404);
        assertJsonError(http.postJson("/threads/" + t + "/state/checkpoint", Map.of()), 422);
    }

    @Test
    void historyIsNewestFirstAndPagesWithLimitAndBefore() {
        String t = api.createThread();
        for (String in : List.of("a", "b", "c")) api.waitRun(t, Api.agent(List.of(in), List.of("values"), 10));

        JsonNode all = api.history(t, "limit=100");
        List<String> expected = new ArrayList<>();
        expected.add(States.summary(13, "loop", List.of(), List.of("a", "step1", "step2", "step3", "b", "step1",
                "step2", "step3", "c", "step1", "step2", "step3")));
        assertEquals(15, all.size(), () -> States.summaries(all).toString());
        assertEquals(expected.getFirst(), States.summary(all.get(0)));
        // steps go on across runs: each run starts with an input checkpoint one step after the last one
        List<Integer> steps = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (JsonNode s : all) {
            steps.add(States.step(s));
            sources.add(States.source(s));
        }
        assertEquals(List.of(13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1), steps);
        assertEquals(List.of("loop", "loop", "loop", "loop", "input", "loop", "loop", "loop", "loop", "input",
                "loop", "loop", "loop", "loop", "input"), sources);
        assertEquals(List.of("a", "step1", "step2", "step3"), States.items(all.get(9)),
                "run 2's input checkpoint holds run 1's result");
        List<String> ids = States.checkpointIds(all);

        // the default limit is 10, for GET and POST
        assertEquals(ids.subList(0, 10), States.checkpointIds(api.history(t, "")));
        assertEquals(ids.subList(0, 10), States.checkpointIds(api.history(t, Map.of())));
        assertEquals(ids.subList(0, 3), States.checkpointIds(api.history(t, "limit=3")));
        assertEquals(ids.subList(0, 3), States.checkpointIds(api.history(t, Map.of("limit", 3))));

        // pages of 4 with before = the last id of the previous page, in each spelling, add up to the whole history
        List<String> getPages = new ArrayList<>();
        List<String> postObjectPages = new ArrayList<>();
        List<String> postStringPages = new ArrayList<>();
        String before = null;
        for (int page = 0; page < 4; page++) {
            JsonNode got = api.history(t, "limit=4" + (before == null ? "" : "&before=" + before));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("limit", 4);
            if (before != null) body.put("before", Map.of("checkpoint_id", before));
            JsonNode postObject = api.history(t, body);
            if (before != null) body.put("before", before);
            JsonNode postString = api.history(t, body);
            getPages.addAll(States.checkpointIds(got));
            postObjectPages.addAll(States.checkpointIds(postObject));
            postStringPages.addAll(States.checkpointIds(postString));
            assertEquals(page < 3 ? 4 : 3, got.size(), "page " + page);
            before = States.checkpointId(got.get(got.size() - 1));
        }
        assertEquals(ids, getPages, "GET pages with ?before=");
        assertEquals(ids, postObjectPages, "POST pages with before: {checkpoint_id}");
        assertEquals(ids, postStringPages, "POST pages with before: \"<id>\"");
        assertEquals(0, api.history(t, "before=" + ids.getLast()).size(), "nothing before the first checkpoint");
    }

    @Test
    void historyFiltersOnCheckpointMetadata() {
        String t = api.createThread();
        api.waitRun(t, Api.agent(List.of("a"), List.of("values"), 10));
        api.waitRun(t, Api.agent(List.of("b"), List.of("values"), 10));
        JsonNode runs = api.runs(t);
        List<String> runIds = new ArrayList<>();
        for (JsonNode r : runs) runIds.add(Json.str(r, "run_id"));
        JsonNode all = api.history(t, "limit=100");
        String secondRun = Json.str(all.get(0).get("metadata"), "run_id");
        assertTrue(runIds.contains(secondRun), runIds::toString);

        JsonNode step2 = api.history(t, Map.of("metadata", Map.of("source", "loop", "step", 2)));
        assertEquals(List.of(States.summary(2, "loop", List.of("step3"), List.of("a", "step1", "step2"))),
                States.summaries(step2));

        JsonNode inputs = api.history(t, Map.of("metadata", Map.of("source", "input")));
        assertEquals(List.of(4, -1), List.of(States.step(inputs.get(0)), States.step(inputs.get(1))),
                () -> States.summaries(inputs).toString());
        assertEquals(2, inputs.size(), () -> States.summaries(inputs).toString());

        JsonNode ofRun2 = api.history(t, Map.of("metadata", Map.of("run_id", secondRun)));
        assertEquals(States.checkpointIds(all).subList(0, 5), States.checkpointIds(ofRun2));
        JsonNode ofRun2Limited = api.history(t, Map.of("metadata", Map.of("run_id", secondRun), "limit", 2));
        assertEquals(States.checkpointIds(all).subList(0, 2), States.checkpointIds(ofRun2Limited));

        assertEquals(0, api.history(t, Map.of("metadata", Map.of("source", "fork"))).size());
    }

    @Test
    void updateStateAsANodeGoesThroughTheReducersAndSetsNext() {
        String t = api.createThread();
        api.waitRun(t, Api.agent(List.of("a"), List.of("values"), 10));
        JsonNode before = api.state(t);

        JsonNode answer = api.postState(t, Map.of("values", Map.of("items", List.of("manual")), "as_node", "step3"));
        JsonNode cp = answer.get("checkpoint");
        assertNotNull(cp, answer::toString);
        assertEquals(t, Json.str(cp, "thread_id"), answer::toString);
        assertEquals("", Json.str(cp, "checkpoint_ns"), answer::toString);
        JsonNode after = api.state(t);
        assertEquals(Json.str(cp, "checkpoint_id"), States.checkpointId(after), "the answer names the new checkpoint");
        assertEquals(States.summary(4, "update", List.of(), List.of("a", "step1", "step2", "step3", "manual")),
                States.summary(after), "appended by the items reducer, as if step3 wrote it");
        assertEquals(States.checkpointId(before), States.parentId(after));
        assertEquals("idle", Json.str(api.getThread(t), "status"));
        assertEquals(after.get("values"), api.getThread(t).get("values"), "thread.values follow the update");

        // as step1: step2 comes next, and a run without input goes on from there
        api.postState(t, Map.of("values", Map.of("items", List.of("m2")), "as_node", "step1"));
        JsonNode paused = api.state(t);
        assertEquals(States.summary(5, "update", List.of("step2"),
                List.of("a", "step1", "step2", "step3", "manual", "m2")), States.summary(paused));
        List<String> taskNames = new ArrayList<>();
        for (JsonNode task : paused.get("tasks")) taskNames.add(Json.str(task, "name"));
        assertEquals(List.of("step2"), taskNames, paused::toString);
        assertEquals("interrupted", Json.str(api.getThread(t), "status"), "the thread waits for step2");

        JsonNode values = api.waitRun(t, agentContinue(Map.of()));
        assertEquals(List.of("a", "step1", "step2", "step3", "manual", "m2", "step2", "step3"),
                Json.strings(values.get("items")), "the run went on with step2 and step3");
        assertEquals("idle", Json.str(api.getThread(t), "status"));

        assertJsonError(http.postJson("/threads/" + t + "/state",
                Map.of("values", Map.of("items", List.of("x")), "as_node", "nope")), 400, 404, 422);
    }

    @Test
    void updateStateFromAPastCheckpointBranchesFromItAndKeepsTheOldCheckpoints() {
        String t = api.createThread();
        api.waitRun(t, Api.agent(List.of("a"), List.of("values"), 10));
        JsonNode old = api.history(t, "");
        JsonNode step1 = States.at(old, 1, "loop");

        api.postState(t, Map.of("values", Map.of("items", List.of("b")),
                "checkpoint", Map.of("checkpoint_id", States.checkpointId(step1))));
        JsonNode branched = api.state(t);
        assertEquals(States.summary(2, "update", List.of("step2"), List.of("a", "step1", "b")),
                States.summary(branched), "step1's values plus b, still before step2");
        assertEquals(States.checkpointId(step1), States.parentId(branched));

        // the deprecated top-level checkpoint_id works the same
        JsonNode step0 = States.at(old, 0, "loop");
        api.postState(t, Map.of("values", Map.of("items", List.of("c")),
                "checkpoint_id", States.checkpointId(step0)));
        JsonNode branched2 = api.state(t);
        assertEquals(States.summary(1, "update", List.of("step1"), List.of("a", "c")), States.summary(branched2));
        assertEquals(States.checkpointId(step0), States.parentId(branched2));

        JsonNode history = api.history(t, "");
        assertEquals(7, history.size(), () -> States.summaries(history).toString());
        assertEquals(States.checkpointIds(old), States.checkpointIds(history).subList(2, 7));
        for (JsonNode entry : old) assertEquals(entry, api.stateAt(t, States.checkpointId(entry)));
    }

    @Test
    void aRunFromAPastCheckpointForksTheThreadAndKeepsTheOriginalHistory() {
        String t = api.createThread();
        api.waitRun(t, Api.agent(List.of("a"), List.of("values"), 10));
        JsonNode old = api.history(t, "");
        JsonNode step1 = States.at(old, 1, "loop");
        String forkPoint = States.checkpointId(step1);

        JsonNode values = api.waitRun(t, agentContinue(Map.of("checkpoint", Map.of("checkpoint_id", forkPoint))));
        assertEquals(List.of("a", "step1", "step2", "step3"), Json.strings(values.get("items")),
                "went on from step1's checkpoint: step2 and step3 again");

        JsonNode history = api.history(t, "");
        assertEquals(List.of(
                States.summary(3, "loop", List.of(), List.of("a", "step1", "step2", "step3")),
                States.summary(2, "loop", List.of("step3"), List.of("a", "step1", "step2")),
                States.summary(1, "fork", List.of("step2"), List.of("a", "step1"))),
                States.summaries(history).subList(0, 3), "the new branch");
        JsonNode fork = history.get(2);
        assertEquals(forkPoint, States.parentId(fork), "the branch hangs off the fork point");
        assertEquals(States.checkpointId(fork), States.parentId(history.get(1)));
        assertEquals(States.checkpointIds(old), States.checkpointIds(history).subList(3, 8),
                "the original history is intact after the branch");
        assertEquals(8, history.size());
        for (JsonNode entry : old) {
            assertEquals(entry, api.stateAt(t, States.checkpointId(entry)), "old checkpoint still readable");
        }
        assertEquals("success", Json.str(api.runs(t).get(0), "status"));
    }

    @Test
    void aRunWithCheckpointIdAndInputForksThereAndAppliesTheInput() {
        String t = api.createThread();
        api.waitRun(t, Api.agent(List.of("a"), List.of("values"), 10));
        JsonNode old = api.history(t, "");
        String forkPoint = States.checkpointId(States.at(old, 1, "loop"));

        JsonNode values = api.waitRun(t, Api.with(Api.agent(List.of("z"), List.of("values"), 10), "checkpoint_id",
                forkPoint));
        assertEquals(List.of("a", "step1", "z", "step1", "step2", "step3"), Json.strings(values.get("items")));

        JsonNode history = api.history(t, "limit=100");
        List<String> oldIds = States.checkpointIds(old);
        List<String> ids = States.checkpointIds(history);
        assertEquals(oldIds, ids.subList(ids.size() - 5, ids.size()), "the original history is intact");
        JsonNode firstOfBranch = history.get(history.size() - 6);
        assertEquals("fork", States.source(firstOfBranch), () -> States.summaries(history).toString());
        assertEquals(forkPoint, States.parentId(firstOfBranch));
        assertEquals(List.of("a", "step1"), States.items(firstOfBranch));
        for (JsonNode entry : old) assertEquals(entry, api.stateAt(t, States.checkpointId(entry)));
    }

    @Test
    void updatingTheStateWhileARunIsRunningIsRefused() {
        String t = api.createThread();
        String r = null;
        try (SseStream thread = http.stream("/threads/" + t + "/stream").expectOk()) {
            String run = api.createRunId(t, Api.agent(List.of("long"), List.of("custom"), 10_000));
            r = run;
            thread.until(e -> e.isRunStart(run), SOON);
            thread.until(e -> "custom".equals(e.event()) && "step1".equals(Json.str(e.json(), "node")), SOON);
            assertJsonError(http.postJson("/threads/" + t + "/state",
                    Map.of("values", Map.of("items", List.of("manual")))), 409);
        } finally {
            if (r != null) http.post("/threads/" + t + "/runs/" + r + "/cancel?wait=1", "");
        }
        assertFalse(States.items(api.state(t)).contains("manual"), () -> "refused: " + api.state(t));
    }

    @Test
    void aRunFromAnUnknownCheckpointIs404AndCreatesNoRun() {
        String t = api.createThread();
        api.waitRun(t, Api.agent(List.of("a"), List.of("values"), 10));
        String unknown = UUID.randomUUID().toString();
        assertJsonError(http.postJson("/threads/" + t + "/runs",
                agentContinue(Map.of("checkpoint", Map.of("checkpoint_id", unknown)))), 404);
        assertJsonError(http.postJson("/threads/" + t + "/runs/wait",
                agentContinue(Map.of("checkpoint_id", unknown))), 404);
        assertEquals(1, api.runs(t).size());
    }
}
