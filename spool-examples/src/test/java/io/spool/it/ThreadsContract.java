package io.spool.it;

import static io.spool.it.StreamAssertions.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Threads as the thread stream needs them: created with an id and metadata, {@code if_exists}, deleted with 204. */
abstract class ThreadsContract extends ServerContract {

    @Test
    void aThreadCreatedWithIdAndMetadataCanBeReadAndDeleted() {
        String id = UUID.randomUUID().toString();
        Http.Response created = http.postJson("/threads",
                Map.of("thread_id", id, "metadata", Map.of("owner", "it")));
        assertEquals(200, created.status(), created::toString);
        JsonNode thread = created.json();
        assertEquals(id, Json.str(thread, "thread_id"), thread::toString);
        assertEquals("it", Json.str(thread.get("metadata"), "owner"), thread::toString);
        assertEquals("idle", Json.str(thread, "status"), thread::toString);

        assertJsonError(http.postJson("/threads", Map.of("thread_id", id)), 409);
        Http.Response again = http.postJson("/threads", Map.of("thread_id", id, "if_exists", "do_nothing"));
        assertEquals(200, again.status(), again::toString);
        assertEquals("it", Json.str(again.json().get("metadata"), "owner"), again::toString);

        assertEquals(id, Json.str(api.getThread(id), "thread_id"));
        Http.Response deleted = http.delete("/threads/" + id);
        assertEquals(204, deleted.status(), deleted::toString);
        assertJsonError(http.get("/threads/" + id), 404);
        assertJsonError(http.delete("/threads/" + id), 404);
    }

    @Test
    void superstepsAsInputThenAsStartSeedAThread() {
        // the official clients' way to seed a conversation: an (empty) input, then the values as the start wrote them
        Map<String, Object> input = Map.of("values", Map.of(), "as_node", "__input__");
        Map<String, Object> start = Map.of("values", Map.of("items", List.of("hello")), "as_node", "__start__");
        Http.Response created = http.postJson("/threads", Map.of("graph_id", "agent", "supersteps",
                List.of(Map.of("updates", List.of(input)), Map.of("updates", List.of(start)))));
        assertEquals(200, created.status(), created::toString);
        String t = Json.str(created.json(), "thread_id");
        assertEquals(List.of("hello"), Json.strings(created.json().get("values").get("items")), created::toString);
        JsonNode history = api.history(t, "limit=10");
        assertEquals(List.of("update", "input"), List.of(States.source(history.get(0)), States.source(history.get(1))),
                history::toString);
        assertEquals(List.of("step1"), States.next(history.get(0)));
        assertEquals(List.of("__start__"), States.next(history.get(1)));

        // POST /threads/{t}/state takes it too
        Http.Response updated = http.postJson("/threads/" + t + "/state", Map.of("values", Map.of(),
                "as_node", "__input__"));
        assertEquals(200, updated.status(), updated::toString);
        assertEquals("input", States.source(api.state(t)));
    }

    @Test
    void aThreadIsBusyWhileItHasARunAndNotAfterItIsCancelled() {
        String t = api.createThread();
        String r = api.createRunId(t, Api.agent(List.of("b"), List.of("values"), 2000));
        assertEquals("busy", Json.str(api.getThread(t), "status"), "status right after the run was created");
        Http.Response cancel = http.post("/threads/" + t + "/runs/" + r + "/cancel", "");
        assertEquals(202, cancel.status(), cancel::toString);
        assertEquals("interrupted", api.awaitRunStatus(t, r, Api.TERMINAL, SOON));
        // idle, or interrupted when the cancelled run left a checkpoint with next tasks (as the reference does)
        api.awaitThreadStatus(t, Set.of("idle", "interrupted"), SOON);
    }
}
