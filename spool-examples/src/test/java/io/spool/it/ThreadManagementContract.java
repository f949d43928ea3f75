package io.spool.it;

import static io.spool.it.StreamAssertions.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Threads as a collection: {@code POST /threads/{t}/copy} (same state and history on a new thread, naming it),
 * {@code POST /threads/count}, {@code POST /threads/prune} ({@code delete} / {@code keep_latest}), and thread search
 * by {@code values} with {@code sort_by} / {@code sort_order} / {@code select} / paging. Every test tags its threads
 * with a metadata value of its own, since the server is shared by the class.
 */
abstract class ThreadManagementContract extends ServerContract {

    private String taggedThread(String tag, Map<String, Object> more) {
        Map<String, Object> metadata = new LinkedHashMap<>(more);
        metadata.put("tag", tag);
        Http.Response r = http.postJson("/threads", Map.of("metadata", metadata));
        assertEquals(200, r.status(), r::toString);
        return Json.str(r.json(), "thread_id");
    }

    private long count(Map<String, Object> body) {
        Http.Response r = http.postJson("/threads/count", body);
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.json().isIntegralNumber(), () -> "count is a bare integer: " + r);
        return r.json().asLong();
    }

    private Http.Response search(Map<String, Object> body) {
        Http.Response r = http.postJson("/threads/search", body);
        assertEquals(200, r.status(), r::toString);
        return r;
    }

    private static List<String> field(JsonNode array, String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(Json.str(n, name));
        return out;
    }

    private JsonNode prune(List<String> ids, String strategy) {
        Http.Response r = http.postJson("/threads/prune", Map.of("thread_ids", ids, "strategy", strategy));
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    @Test
    void copyMakesANewThreadWithTheSameStateAndHistoryThatThenGoesItsOwnWay() {
        String t = taggedThread(UUID.randomUUID().toString(), Map.of("owner", "copy-it"));
        api.waitRun(t, Api.agent(List.of("a"), List.of("values"), 10));
        JsonNode original = api.getThread(t);
        JsonNode originalState = api.state(t);
        JsonNode originalHistory = api.history(t, "limit=100");

        Http.Response r = http.post("/threads/" + t + "/copy", "");
        assertEquals(200, r.status(), r::toString);
        JsonNode copy = r.json();
        String c = Json.str(copy, "thread_id");
        assertNotEquals(t, c);
        assertEquals(copy, api.getThread(c), "the answer is the new thread");
        assertEquals("idle", Json.str(copy, "status"), copy::toString);
        assertEquals(original.get("metadata"), copy.get("metadata"), copy::toString);
        assertEquals(original.get("values"), copy.get("values"), copy::toString);

        JsonNode copyHistory = api.history(c, "limit=100");
        assertEquals(States.checkpointIds(originalHistory), States.checkpointIds(copyHistory),
                "the same checkpoints");
        assertEquals(States.summaries(originalHistory), States.summaries(copyHistory));
        for (int i = 0; i < copyHistory.size(); i++) {
            JsonNode entry = copyHistory.get(i);
            assertEquals(c, Json.str(entry.get("checkpoint"), "thread_id"), entry::toString);
            assertEquals(originalHistory.get(i).get("values"), entry.get("values"));
            assertEquals(originalHistory.get(i).get("next"), entry.get("next"));
            assertEquals(States.parentId(originalHistory.get(i)), States.parentId(entry));
        }
        JsonNode copyState = api.state(c);
        assertEquals(originalState.get("values"), copyState.get("values"));
        assertEquals(States.checkpointId(originalState), States.checkpointId(copyState));

        // a run on the copy changes the copy only
        api.waitRun(c, Api.agent(List.of("b"), List.of("values"), 10));
        assertEquals(List.of("a", "step1", "step2", "step3", "b", "step1", "step2", "step3"),
                States.items(api.state(c)));
        assertEquals(originalState, api.state(t), "the original's state did not move");
        assertEquals(States.checkpointIds(originalHistory), States.checkpointIds(api.history(t, "limit=100")));

        assertJsonError(http.post("/threads/" + UUID.randomUUID() + "/copy", ""), 404, 409);
    }

    @Test
    void aCopyNamesItsOwnThreadEverywhereItsSourceNamedItself() {
        String t = api.createThread();
        api.waitRun(t, Map.of("assistant_id", "hitl", "input", Map.of("items", List.of("h"))));
        api.postState(t, Map.of("values", Map.of("items", List.of("edited")), "as_node", "prepare"));
        assertEquals(t, Json.str(api.getThread(t).get("config").get("configurable"), "thread_id"));
        Http.Response r = http.post("/threads/" + t + "/copy", "");
        assertEquals(200, r.status(), r::toString);
        String c = Json.str(r.json(), "thread_id");

        JsonNode thread = api.getThread(c);
        JsonNode history = api.history(c, "limit=100");
        assertEquals(c, Json.str(thread.get("config").get("configurable"), "thread_id"), thread::toString);
        for (JsonNode state : history) {
            assertEquals(c, Json.str(state.get("checkpoint"), "thread_id"), state::toString);
            assertEquals(c, Json.str(state.get("metadata"), "thread_id"), state::toString);
            if (!state.get("parent_checkpoint").isNull()) {
                assertEquals(c, Json.str(state.get("parent_checkpoint"), "thread_id"), state::toString);
            }
        }
        JsonNode middle = http.postJson("/threads/" + c + "/state/checkpoint",
                Map.of("checkpoint", Map.of("checkpoint_id", States.checkpointId(history.get(2))))).json();
        for (JsonNode view : List.of(r.json(), thread, api.state(c), history, middle)) {
            assertEquals(List.of(), pathsOf(t, view, ""), () -> "the source's id in the copy: " + view);
        }
    }

    /** The paths in {@code node} of every string equal to {@code value}. */
    private static List<String> pathsOf(String value, JsonNode node, String at) {
        List<String> out = new ArrayList<>();
        if (node.isString() && node.asString().equals(value)) out.add(at);
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) out.addAll(pathsOf(value, node.get(i), at + "[" + i + "]"));
        }
        if (node.isObject()) {
            for (String key : node.propertyNames()) out.addAll(pathsOf(value, node.get(key), at + "." + key));
        }
        return out;
    }

    @Test
    void aCopyOfAPausedThreadCanBeResumedOnItsOwn() {
        String t = api.createThread();
        api.waitRun(t, Map.of("assistant_id", "hitl", "input", Map.of("items", List.of("h"))));
        Http.Response r = http.post("/threads/" + t + "/copy", "");
        assertEquals(200, r.status(), r::toString);
        String c = Json.str(r.json(), "thread_id");
        assertEquals(List.of("ask"), States.next(api.state(c)));
        assertEquals(api.state(t).get("interrupts"), api.state(c).get("interrupts"), "the pending interrupt too");

        api.waitRun(c, Map.of("assistant_id", "hitl", "command", Map.of("resume", "no")));
        assertEquals(List.of("h", "prepare", "ask", "finish:\"no\""), States.items(api.state(c)));
        assertEquals("interrupted", Json.str(api.getThread(t), "status"), "the original still waits");
        api.waitRun(t, Map.of("assistant_id", "hitl", "command", Map.of("resume", "yes")));
        assertEquals(List.of("h", "prepare", "ask", "finish:\"yes\""), States.items(api.state(t)));
    }

    @Test
    void countCountsTheThreadsThatMatch() {
        String tag = UUID.randomUUID().toString();
        String a = taggedThread(tag, Map.of("kind", "x"));
        taggedThread(tag, Map.of("kind", "y"));
        taggedThread(tag, Map.of());
        assertEquals(3, count(Map.of("metadata", Map.of("tag", tag))));
        assertEquals(1, count(Map.of("metadata", Map.of("tag", tag, "kind", "x"))));
        assertEquals(0, count(Map.of("metadata", Map.of("tag", tag, "kind", "z"))));

        api.waitRun(a, Api.agent(List.of("counted"), List.of("values"), 10));
        Map<String, Object> values = Map.of("items", AgentEvents.itemsAfter(List.of(), List.of("counted")));
        assertEquals(1, count(Map.of("metadata", Map.of("tag", tag), "values", values)));
        assertEquals(1, count(Map.of("values", values)), "values alone");
        assertEquals(3, count(Map.of("metadata", Map.of("tag", tag), "status", "idle")));
        assertEquals(0, count(Map.of("metadata", Map.of("tag", tag), "status", "busy")));
        assertTrue(count(Map.of()) >= 3, "no filter counts every thread");
    }

    @Test
    void pruneDeletesThreadsOrKeepsOnlyTheirLatestCheckpoint() {
        String tag = UUID.randomUUID().toString();
        String t1 = taggedThread(tag, Map.of());
        String t2 = taggedThread(tag, Map.of());
        String t3 = taggedThread(tag, Map.of());
        for (String t : List.of(t1, t2, t3)) api.waitRun(t, Api.agent(List.of("p"), List.of("values"), 10));

        // delete: gone with their state; an unknown id is skipped
        JsonNode deleted = prune(List.of(t1, t2, UUID.randomUUID().toString()), "delete");
        assertEquals(Json.parse("{\"pruned_count\":2}"), deleted);
        for (String t : List.of(t1, t2)) {
            assertJsonError(http.get("/threads/" + t), 404);
            assertJsonError(http.get("/threads/" + t + "/history"), 404);
        }
        assertEquals(1, count(Map.of("metadata", Map.of("tag", tag))));

        // keep_latest: the thread and its state stay, its history shrinks to the newest checkpoint
        JsonNode state = api.state(t3);
        assertEquals(5, api.history(t3, "").size());
        assertEquals(Json.parse("{\"pruned_count\":1}"), prune(List.of(t3), "keep_latest"));
        JsonNode history = api.history(t3, "limit=100");
        assertEquals(List.of(States.checkpointId(state)), States.checkpointIds(history));
        assertEquals(state.get("values"), api.state(t3).get("values"));
        assertEquals(States.checkpointId(state), States.checkpointId(api.state(t3)));
        assertEquals("idle", Json.str(api.getThread(t3), "status"));

        // and it still runs on from there
        api.waitRun(t3, Api.agent(List.of("q"), List.of("values"), 10));
        assertEquals(AgentEvents.itemsAfter(AgentEvents.itemsAfter(List.of(), List.of("p")), List.of("q")),
                States.items(api.state(t3)));

        assertEquals(Json.parse("{\"pruned_count\":0}"), prune(List.of(UUID.randomUUID().toString()), "delete"));
        assertJsonError(http.postJson("/threads/prune", Map.of("thread_ids", List.of(t3), "strategy", "bogus")),
                422);
        assertJsonError(http.postJson("/threads/prune", Map.of("strategy", "delete")), 422);
    }

    @Test
    void searchFiltersByValuesSortsSelectsAndPages() {
        String tag = UUID.randomUUID().toString();
        String idle = taggedThread(tag, Map.of());
        String interrupted = taggedThread(tag, Map.of());
        String failed = taggedThread(tag, Map.of());
        String fresh = taggedThread(tag, Map.of());
        List<String> created = List.of(idle, interrupted, failed, fresh);
        api.waitRun(idle, Api.agent(List.of("s"), List.of("values"), 10));
        api.waitRun(interrupted, Map.of("assistant_id", "hitl", "input", Map.of("items", List.of("s"))));
        api.waitRun(failed, Api.agent(List.of("s"), List.of("values"), Map.of("delay_ms", 10, "fail_at", "step2")));
        Map<String, Object> tagged = Map.of("tag", tag);

        // values: threads whose values hold every given key with that value
        Http.Response byValues = search(Map.of("metadata", tagged,
                "values", Map.of("items", AgentEvents.itemsAfter(List.of(), List.of("s")))));
        assertEquals(List.of(idle), field(byValues.json(), "thread_id"), byValues::toString);
        Http.Response byPrefix = search(Map.of("metadata", tagged, "values", Map.of("items", List.of("s"))));
        assertEquals(List.of(), field(byPrefix.json(), "thread_id"), "values match whole, not as a prefix");
        Http.Response paused = search(Map.of("metadata", tagged,
                "values", Map.of("items", List.of("s", "prepare"))));
        assertEquals(List.of(interrupted), field(paused.json(), "thread_id"), paused::toString);

        // sort_by / sort_order, with select
        Http.Response asc = search(Map.of("metadata", tagged, "sort_by", "thread_id", "sort_order", "asc",
                "select", List.of("thread_id", "status")));
        List<String> sorted = new ArrayList<>(created);
        sorted.sort(Comparator.naturalOrder());
        assertEquals(sorted, field(asc.json(), "thread_id"), asc::toString);
        for (JsonNode t : asc.json()) {
            assertEquals(Set.of("thread_id", "status"), Set.copyOf(t.propertyNames()), () -> "select: " + t);
        }
        Http.Response desc = search(Map.of("metadata", tagged, "sort_by", "thread_id", "sort_order", "desc"));
        assertEquals(sorted.reversed(), field(desc.json(), "thread_id"), desc::toString);

        Http.Response byStatus = search(Map.of("metadata", tagged, "sort_by", "status", "sort_order", "asc"));
        assertEquals(List.of("error", "idle", "idle", "interrupted"), field(byStatus.json(), "status"),
                byStatus::toString);
        Http.Response oldest = search(Map.of("metadata", tagged, "sort_by", "created_at", "sort_order", "asc"));
        assertEquals(created, field(oldest.json(), "thread_id"), oldest::toString);
        Http.Response newest = search(Map.of("metadata", tagged, "sort_by", "created_at", "sort_order", "desc"));
        assertEquals(created.reversed(), field(newest.json(), "thread_id"), newest::toString);

        // status filter, then paging with the total in a header
        Http.Response errors = search(Map.of("metadata", tagged, "status", "error"));
        assertEquals(List.of(failed), field(errors.json(), "thread_id"), errors::toString);
        Http.Response page1 = search(Map.of("metadata", tagged, "sort_by", "created_at", "sort_order", "asc",
                "limit", 3, "offset", 0));
        assertEquals(created.subList(0, 3), field(page1.json(), "thread_id"));
        assertEquals("4", page1.header("x-pagination-total"), page1::toString);
        Http.Response page2 = search(Map.of("metadata", tagged, "sort_by", "created_at", "sort_order", "asc",
                "limit", 3, "offset", 3));
        assertEquals(created.subList(3, 4), field(page2.json(), "thread_id"));
        assertEquals("4", page2.header("x-pagination-total"), page2::toString);

        assertJsonError(http.postJson("/threads/search", Map.of("sort_by", "bogus")), 422);
    }

    @Test
    void searchExtractsValuesByPath() {
        String tag = UUID.randomUUID().toString();
        String ran = taggedThread(tag, Map.of());
        String fresh = taggedThread(tag, Map.of());
        api.waitRun(ran, Api.agent(List.of("s"), List.of("values"), 10));

        Map<String, Object> extract = new LinkedHashMap<>();
        extract.put("last", "values.items[-1]");
        extract.put("first", "values.items[0]");
        extract.put("tag", "metadata.tag");
        extract.put("missing", "values.items[9].x");
        Http.Response r = search(Map.of("metadata", Map.of("tag", tag), "sort_by", "created_at", "sort_order", "asc",
                "select", List.of("thread_id"), "extract", extract));
        assertEquals(List.of(ran, fresh), field(r.json(), "thread_id"), r::toString);
        JsonNode ranExtracted = r.json().get(0).get("extracted");
        assertEquals("step3", Json.str(ranExtracted, "last"), r::toString);
        assertEquals("s", Json.str(ranExtracted, "first"), r::toString);
        assertEquals(tag, Json.str(ranExtracted, "tag"), r::toString);
        assertTrue(ranExtracted.get("missing").isNull(), r::toString);
        JsonNode freshExtracted = r.json().get(1).get("extracted");
        assertTrue(freshExtracted.get("last").isNull(), r::toString);
        assertEquals(tag, Json.str(freshExtracted, "tag"), r::toString);
        assertEquals(Set.of("thread_id", "extracted"), Set.copyOf(r.json().get(0).propertyNames()), r::toString);

        assertJsonError(http.postJson("/threads/search", Map.of("extract", Map.of("x", "values..items"))), 422);
        assertJsonError(http.postJson("/threads/search", Map.of("extract", Map.of("x", "values.items[a]"))), 422);
        assertJsonError(http.postJson("/threads/search", Map.of("extract", Map.of("x", 3))), 422);
    }
}
