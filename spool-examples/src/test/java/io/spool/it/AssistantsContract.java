package io.spool.it;

import static io.spool.it.StreamAssertions.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
 * Assistants: create ({@code if_exists}), patch (a new version, metadata merged), versions and {@code latest},
 * delete ({@code delete_threads}), search (filters, sort, select, paging) and count, the graph / schemas / subgraphs of
 * an assistant, and an assistant's {@code config.configurable} and {@code context} reaching its runs. Every test tags
 * its assistants with a metadata value of its own, since the server is shared by the class.
 */
abstract class AssistantsContract extends ServerContract {

    private static final Set<String> ASSISTANT_FIELDS = Set.of("assistant_id", "graph_id", "config", "context",
            "metadata", "name", "description", "version", "created_at", "updated_at");

    private static Map<String, Object> body(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    private static String id(JsonNode assistant) {
        return Json.str(assistant, "assistant_id");
    }

    private JsonNode get(String assistantId) {
        Http.Response r = http.get("/assistants/" + assistantId);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private Http.Response search(Map<String, Object> body) {
        Http.Response r = http.postJson("/assistants/search", body);
        assertEquals(200, r.status(), r::toString);
        return r;
    }

    private long count(Map<String, Object> body) {
        Http.Response r = http.postJson("/assistants/count", body);
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.json().isIntegralNumber(), r::toString);
        return r.json().asLong();
    }

    private static List<String> field(JsonNode array, String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(Json.str(n, name));
        return out;
    }

    @Test
    void createWithEveryFieldThenIfExistsRaiseOrDoNothing() {
        String assistantId = UUID.randomUUID().toString();
        JsonNode a = api.createAssistant(body(
                "graph_id", "agent",
                "assistant_id", assistantId,
                "config", Map.of("configurable", Map.of("delay_ms", 10), "tags", List.of("t1")),
                "context", Map.of("fail_at", "nowhere"),
                "metadata", Map.of("owner", "assistants-it"),
                "name", "Created",
                "description", "made by a test"));
        assertEquals(ASSISTANT_FIELDS, Set.copyOf(a.propertyNames()), a::toString);
        assertEquals(assistantId, id(a));
        assertEquals("agent", Json.str(a, "graph_id"));
        assertEquals(Json.parse("{\"configurable\":{\"delay_ms\":10},\"tags\":[\"t1\"]}"), a.get("config"));
        assertEquals(Json.parse("{\"fail_at\":\"nowhere\"}"), a.get("context"));
        assertEquals(Json.parse("{\"owner\":\"assistants-it\"}"), a.get("metadata"));
        assertEquals("Created", Json.str(a, "name"));
        assertEquals("made by a test", Json.str(a, "description"));
        assertEquals(1, a.get("version").asInt());
        assertEquals(a, get(assistantId));

        JsonNode error = assertJsonError(http.postJson("/assistants",
                body("graph_id", "agent", "assistant_id", assistantId)), 409);
        assertTrue(Json.str(error, "detail").contains(assistantId), error::toString);
        assertJsonError(http.postJson("/assistants",
                body("graph_id", "agent", "assistant_id", assistantId, "if_exists", "raise")), 409);
        JsonNode same = api.createAssistant(body("graph_id", "agent", "assistant_id", assistantId,
                "if_exists", "do_nothing", "name", "Other"));
        assertEquals(a, same, "do_nothing returns the existing assistant unchanged");
        assertEquals(a, get(assistantId));

        // without an id the server makes one; without a name it is "Untitled", as on the official servers
        JsonNode plain = api.createAssistant(body("graph_id", "hitl"));
        assertNotNull(id(plain));
        assertEquals("hitl", Json.str(plain, "graph_id"));
        assertEquals("Untitled", Json.str(plain, "name"));
        assertEquals(1, plain.get("version").asInt());
        assertEquals(plain, get(id(plain)));

        assertJsonError(http.postJson("/assistants", body("graph_id", "no-such-graph")), 404);
        assertJsonError(http.postJson("/assistants", body("name", "no graph")), 422);
    }

    @Test
    void patchMakesANewVersionAndLatestSwitchesBetweenThem() {
        JsonNode v1 = api.createAssistant(body("graph_id", "agent", "name", "Versioned",
                "metadata", Map.of("team", "a"), "config", Map.of("configurable", Map.of("delay_ms", 10))));
        String a = id(v1);

        Http.Response patched = http.send("PATCH", "/assistants/" + a,
                Json.write(body("metadata", Map.of("extra", "x"), "name", "Renamed")));
        assertEquals(200, patched.status(), patched::toString);
        JsonNode v2 = patched.json();
        assertEquals(2, v2.get("version").asInt(), v2::toString);
        assertEquals("Renamed", Json.str(v2, "name"));
        assertEquals(Json.parse("{\"team\":\"a\",\"extra\":\"x\"}"), v2.get("metadata"), "metadata merged");
        assertEquals(v1.get("config"), v2.get("config"), "fields not given are kept");
        assertEquals(v1.get("graph_id"), v2.get("graph_id"));
        assertEquals(v1.get("created_at"), v2.get("created_at"));
        assertEquals(v2, get(a), "the new version is the current one");

        Http.Response versions = http.postJson("/assistants/" + a + "/versions", Map.of());
        assertEquals(200, versions.status(), versions::toString);
        List<Integer> numbers = new ArrayList<>();
        for (JsonNode v : versions.json()) numbers.add(v.get("version").asInt());
        assertEquals(List.of(2, 1), numbers, "versions newest first");
        assertEquals("Versioned", Json.str(versions.json().get(1), "name"));
        Http.Response filtered = http.postJson("/assistants/" + a + "/versions",
                Map.of("metadata", Map.of("extra", "x")));
        assertEquals(1, filtered.json().size(), filtered::toString);
        Http.Response limited = http.postJson("/assistants/" + a + "/versions", Map.of("limit", 1, "offset", 1));
        assertEquals(1, limited.json().get(0).get("version").asInt(), limited::toString);

        // latest: the version in the body (as the SDKs send it) or the query (as the spec says)
        Http.Response back = http.postJson("/assistants/" + a + "/latest", Map.of("version", 1));
        assertEquals(200, back.status(), back::toString);
        assertEquals(1, back.json().get("version").asInt());
        assertEquals("Versioned", Json.str(get(a), "name"));
        Http.Response forward = http.post("/assistants/" + a + "/latest?version=2", "");
        assertEquals(200, forward.status(), forward::toString);
        assertEquals("Renamed", Json.str(get(a), "name"));
        assertEquals(2, get(a).get("version").asInt());

        assertJsonError(http.postJson("/assistants/" + a + "/latest", Map.of("version", 9)), 404);
        assertJsonError(http.send("PATCH", "/assistants/" + UUID.randomUUID(), "{\"name\":\"x\"}"), 404);
        assertJsonError(http.postJson("/assistants/" + UUID.randomUUID() + "/versions", Map.of()), 404);
        assertJsonError(http.postJson("/assistants/" + UUID.randomUUID() + "/latest", Map.of("version", 1)), 404);
    }

    @Test
    void deleteRemovesTheAssistantAndWithDeleteThreadsItsThreads() {
        JsonNode keep = api.createAssistant(body("graph_id", "agent", "config",
                Map.of("configurable", Map.of("delay_ms", 10))));
        JsonNode drop = api.createAssistant(body("graph_id", "agent", "config",
                Map.of("configurable", Map.of("delay_ms", 10))));
        String usedByKeep = api.createThread();
        api.waitRun(usedByKeep, Map.of("assistant_id", id(keep), "input", Map.of("items", List.of("k"))));
        String usedByDrop1 = api.createThread();
        String usedByDrop2 = api.createThread();
        for (String t : List.of(usedByDrop1, usedByDrop2)) {
            api.waitRun(t, Map.of("assistant_id", id(drop), "input", Map.of("items", List.of("d"))));
            assertEquals(id(drop), Json.str(api.getThread(t).get("metadata"), "assistant_id"));
        }
        String unrelated = api.createThread();

        // without delete_threads the threads stay
        Http.Response deleted = http.delete("/assistants/" + id(keep));
        assertEquals(204, deleted.status(), deleted::toString);
        assertJsonError(http.get("/assistants/" + id(keep)), 404);
        assertJsonError(http.delete("/assistants/" + id(keep)), 404);
        assertEquals(usedByKeep, Json.str(api.getThread(usedByKeep), "thread_id"));

        // a bad delete_threads is refused before anything is deleted
        assertJsonError(http.delete("/assistants/" + id(drop) + "?delete_threads=bogus"), 422);
        assertEquals(id(drop), id(get(id(drop))));
        assertEquals(usedByDrop1, Json.str(api.getThread(usedByDrop1), "thread_id"));

        Http.Response withThreads = http.delete("/assistants/" + id(drop) + "?delete_threads=true");
        assertEquals(204, withThreads.status(), withThreads::toString);
        assertJsonError(http.get("/assistants/" + id(drop)), 404);
        assertJsonError(http.get("/threads/" + usedByDrop1), 404);
        assertJsonError(http.get("/threads/" + usedByDrop2), 404);
        assertEquals(unrelated, Json.str(api.getThread(unrelated), "thread_id"), "other threads stay");
        assertEquals(usedByKeep, Json.str(api.getThread(usedByKeep), "thread_id"));
    }

    @Test
    void searchFiltersSortsSelectsAndPagesAndCountCounts() {
        String tag = UUID.randomUUID().toString();
        List<String> names = List.of("Charlie bot", "alpha Bot", "Bravo helper");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String graph = i == 2 ? "hitl" : "agent";
            ids.add(id(api.createAssistant(body("graph_id", graph, "name", names.get(i),
                    "metadata", Map.of("tag", tag, "n", i)))));
        }
        Map<String, Object> tagged = Map.of("tag", tag);

        Http.Response all = search(body("metadata", tagged));
        assertEquals(3, all.json().size(), all::toString);
        assertEquals("3", all.header("x-pagination-total"), all::toString);
        for (JsonNode a : all.json()) assertEquals(ASSISTANT_FIELDS, Set.copyOf(a.propertyNames()), a::toString);
        assertEquals(List.of(ids.get(2), ids.get(1), ids.get(0)), field(all.json(), "assistant_id"),
                "default order: newest first");

        assertEquals(List.of(ids.get(0), ids.get(1)),
                field(search(body("metadata", tagged, "graph_id", "agent", "sort_order", "asc",
                        "sort_by", "created_at")).json(), "assistant_id"), "graph_id filter");
        assertEquals(Set.of(ids.get(0), ids.get(1)),
                Set.copyOf(field(search(body("metadata", tagged, "name", "BOT")).json(), "assistant_id")),
                "name: a case-insensitive substring");
        assertEquals(List.of(ids.get(2)),
                field(search(body("metadata", Map.of("tag", tag, "n", 2))).json(), "assistant_id"),
                "metadata with a number");

        List<String> byName = new ArrayList<>(names);
        byName.sort(Comparator.naturalOrder());
        Http.Response asc = search(body("metadata", tagged, "sort_by", "name", "sort_order", "asc",
                "select", List.of("assistant_id", "name")));
        assertEquals(byName, field(asc.json(), "name"), asc::toString);
        for (JsonNode a : asc.json()) {
            assertEquals(Set.of("assistant_id", "name"), Set.copyOf(a.propertyNames()), () -> "select: " + a);
        }
        Http.Response desc = search(body("metadata", tagged, "sort_by", "name", "sort_order", "desc"));
        assertEquals(byName.reversed(), field(desc.json(), "name"), desc::toString);
        List<String> byId = new ArrayList<>(ids);
        byId.sort(Comparator.naturalOrder());
        assertEquals(byId, field(search(body("metadata", tagged, "sort_by", "assistant_id", "sort_order", "asc"))
                .json(), "assistant_id"));
        assertEquals(List.of("agent", "agent", "hitl"), field(search(body("metadata", tagged,
                "sort_by", "graph_id", "sort_order", "asc")).json(), "graph_id"));

        Http.Response page1 = search(body("metadata", tagged, "sort_by", "name", "sort_order", "asc", "limit", 2));
        assertEquals(byName.subList(0, 2), field(page1.json(), "name"));
        assertEquals("3", page1.header("x-pagination-total"), page1::toString);
        assertEquals("2", page1.header("x-pagination-next"), page1::toString);
        Http.Response page2 = search(body("metadata", tagged, "sort_by", "name", "sort_order", "asc", "limit", 2,
                "offset", 2));
        assertEquals(byName.subList(2, 3), field(page2.json(), "name"));
        assertEquals("3", page2.header("x-pagination-total"), page2::toString);

        assertEquals(3, count(body("metadata", tagged)));
        assertEquals(2, count(body("metadata", tagged, "graph_id", "agent")));
        assertEquals(1, count(body("metadata", tagged, "name", "helper")));
        assertEquals(0, count(body("metadata", Map.of("tag", tag, "n", 7))));
        assertTrue(count(Map.of()) >= 3 + 5, "every assistant, the five system ones included");

        assertJsonError(http.postJson("/assistants/search", body("sort_by", "bogus")), 422);
    }

    @Test
    void graphSchemasAndSubgraphsOfAnAssistant() {
        String custom = id(api.createAssistant(body("graph_id", "agent")));
        for (String a : List.of(custom, "agent", "fe096781-5601-53d2-b2f6-0d3403f7e9ca")) {
            Http.Response graph = http.get("/assistants/" + a + "/graph");
            assertEquals(200, graph.status(), graph::toString);
            List<String> nodes = field(graph.json().get("nodes"), "id");
            assertEquals(List.of("__start__", "step1", "step2", "step3", "__end__"), nodes, graph::toString);
            List<String> edges = new ArrayList<>();
            for (JsonNode e : graph.json().get("edges")) edges.add(Json.str(e, "source") + "->" + Json.str(e, "target"));
            assertEquals(List.of("__start__->step1", "step1->step2", "step2->step3", "step3->__end__"), edges);
            // the official servers' node shape: a runnable's data names what runs it
            assertEquals(Json.parse("{\"id\":\"step1\",\"type\":\"runnable\",\"data\":{\"id\":[\"langgraph\","
                    + "\"RunnableCallable\"],\"name\":\"step1\"},\"metadata\":{}}"),
                    graph.json().get("nodes").get(1), graph::toString);
            assertEquals("schema", Json.str(graph.json().get("nodes").get(0), "type"), graph::toString);

            Http.Response schemas = http.get("/assistants/" + a + "/schemas");
            assertEquals(200, schemas.status(), schemas::toString);
            assertEquals("agent", Json.str(schemas.json(), "graph_id"));
            for (String key : List.of("input_schema", "output_schema", "state_schema", "config_schema",
                    "context_schema")) {
                assertTrue(schemas.json().has(key), () -> key + " in " + schemas);
            }
            // typed by the agent's state class: List<String> items()
            assertEquals(Json.parse("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"),
                    schemas.json().get("state_schema").get("properties").get("items"), schemas::toString);

            Http.Response subgraphs = http.get("/assistants/" + a + "/subgraphs");
            assertEquals(200, subgraphs.status(), subgraphs::toString);
            assertEquals(Json.parse("{}"), subgraphs.json(), "the example graphs have no subgraphs");
        }
        Http.Response hitl = http.get("/assistants/hitl/graph");
        assertEquals(List.of("__start__", "prepare", "ask", "finish", "__end__"), field(hitl.json().get("nodes"),
                "id"), hitl::toString);
        String unknown = UUID.randomUUID().toString();
        for (String part : List.of("graph", "schemas", "subgraphs")) {
            assertJsonError(http.get("/assistants/" + unknown + "/" + part), 404);
        }
    }

    @Test
    void anAssistantsConfigAndContextReachItsRuns() {
        // config.configurable: the agent fails where the assistant says
        JsonNode failing = api.createAssistant(body("graph_id", "agent",
                "config", Map.of("configurable", Map.of("fail_at", "step3", "delay_ms", 10))));
        String t1 = api.createThread();
        JsonNode result = api.waitRun(t1, Map.of("assistant_id", id(failing), "input", Map.of("items", List.of("x"))));
        assertEquals("boom in step3", Json.str(result.get("__error__"), "message"), result::toString);
        assertEquals("error", Json.str(api.runs(t1).get(0), "status"));
        assertEquals(List.of("x", "step1", "step2"), States.items(api.state(t1)));
        assertEquals(id(failing), Json.str(api.runs(t1).get(0), "assistant_id"));

        // the run's own config wins over the assistant's
        String t2 = api.createThread();
        JsonNode ok = api.waitRun(t2, Map.of("assistant_id", id(failing), "input", Map.of("items", List.of("x")),
                "config", Map.of("configurable", Map.of("fail_at", "nowhere"))));
        assertEquals(AgentEvents.itemsAfter(List.of(), List.of("x")), Json.strings(ok.get("items")), ok::toString);

        // context: delay_ms and fail_at as the graph's configurable
        JsonNode withContext = api.createAssistant(body("graph_id", "agent",
                "context", Map.of("delay_ms", 5, "fail_at", "step2")));
        String t3 = api.createThread();
        JsonNode failed = api.waitRun(t3, Map.of("assistant_id", id(withContext), "input",
                Map.of("items", List.of("y"))));
        assertEquals("boom in step2", Json.str(failed.get("__error__"), "message"), failed::toString);
        JsonNode metadata = api.state(t3).get("metadata");
        assertEquals(5, metadata.path("delay_ms").asInt(), () -> "context delay_ms on the checkpoints: " + metadata);
        assertEquals(id(withContext), Json.str(metadata, "assistant_id"), metadata::toString);
        assertEquals(id(withContext), Json.str(api.getThread(t3).get("metadata"), "assistant_id"));

        // a run's context overrides the assistant's
        String t4 = api.createThread();
        JsonNode passed = api.waitRun(t4, Map.of("assistant_id", id(withContext), "input",
                Map.of("items", List.of("z")), "context", Map.of("fail_at", "nowhere")));
        assertEquals(AgentEvents.itemsAfter(List.of(), List.of("z")), Json.strings(passed.get("items")),
                passed::toString);

        // a new version's config reaches the runs after it
        Http.Response patched = http.send("PATCH", "/assistants/" + id(withContext),
                Json.write(body("context", Map.of("delay_ms", 5))));
        assertEquals(200, patched.status(), patched::toString);
        String t5 = api.createThread();
        JsonNode fine = api.waitRun(t5, Map.of("assistant_id", id(withContext), "input",
                Map.of("items", List.of("w"))));
        assertEquals(AgentEvents.itemsAfter(List.of(), List.of("w")), Json.strings(fine.get("items")),
                fine::toString);
    }
}
