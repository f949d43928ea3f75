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
