package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** The Agent Server calls the tests make, each asserting its own success. */
final class Api {

    static final Set<String> TERMINAL = Set.of("success", "error", "timeout", "interrupted");

    private final Http http;

    Api(Http http) {
        this.http = http;
    }

    /** {@code POST /threads {}}: a new thread's id. */
    String createThread() {
        Http.Response r = http.postJson("/threads", Map.of());
        assertEquals(200, r.status(), () -> "create thread: " + r);
        String id = Json.str(r.json(), "thread_id");
        assertNotNull(id, () -> "create thread: no thread_id in " + r);
        return id;
    }

    /** {@code POST /threads/{t}/runs}: the created run. */
    JsonNode createRun(String threadId, Map<String, Object> body) {
        Http.Response r = http.postJson("/threads/" + threadId + "/runs", body);
        assertEquals(200, r.status(), () -> "create run: " + r);
        JsonNode run = r.json();
        assertNotNull(Json.str(run, "run_id"), () -> "create run: no run_id in " + r);
        return run;
    }

    String createRunId(String threadId, Map<String, Object> body) {
        return Json.str(createRun(threadId, body), "run_id");
    }

    /** {@code POST /threads/{t}/runs/wait}: the run's final values. */
    JsonNode waitRun(String threadId, Map<String, Object> body) {
        Http.Response r = http.postJson("/threads/" + threadId + "/runs/wait", body);
        assertEquals(200, r.status(), () -> "runs/wait: " + r);
        return r.json();
    }

    JsonNode getRun(String threadId, String runId) {
        Http.Response r = http.get("/threads/" + threadId + "/runs/" + runId);
        assertEquals(200, r.status(), () -> "get run: " + r);
        return r.json();
    }

    JsonNode getThread(String threadId) {
        Http.Response r = http.get("/threads/" + threadId);
        assertEquals(200, r.status(), () -> "get thread: " + r);
        return r.json();
    }

    JsonNode state(String threadId) {
        Http.Response r = http.get("/threads/" + threadId + "/state");
        assertEquals(200, r.status(), () -> "get state: " + r);
        return r.json();
    }

    /** {@code GET /threads/{t}/runs}: the thread's runs. */
    JsonNode runs(String threadId) {
        Http.Response r = http.get("/threads/" + threadId + "/runs");
        assertEquals(200, r.status(), () -> "list runs: " + r);
        return r.json();
    }

    /** {@code POST /threads/{t}/state {"values": values}}. */
    void updateState(String threadId, Map<String, Object> values) {
        Http.Response r = http.postJson("/threads/" + threadId + "/state", Map.of("values", values));
        assertEquals(200, r.status(), () -> "update state: " + r);
    }

    /** {@code GET /threads/{t}/history[?query]}: the thread's states, newest first. */
    JsonNode history(String threadId, String query) {
        Http.Response r = http.get("/threads/" + threadId + "/history" + (query.isEmpty() ? "" : "?" + query));
        assertEquals(200, r.status(), () -> "get history: " + r);
        return r.json();
    }

    /** {@code POST /threads/{t}/history} with {@code body}. */
    JsonNode history(String threadId, Map<String, Object> body) {
        Http.Response r = http.postJson("/threads/" + threadId + "/history", body);
        assertEquals(200, r.status(), () -> "post history: " + r);
        return r.json();
    }

    /** {@code GET /threads/{t}/state/{checkpoint_id}}. */
    JsonNode stateAt(String threadId, String checkpointId) {
        Http.Response r = http.get("/threads/" + threadId + "/state/" + checkpointId);
        assertEquals(200, r.status(), () -> "get state at checkpoint: " + r);
        return r.json();
    }

    /** {@code POST /threads/{t}/state} with {@code body}: the new checkpoint's config. */
    JsonNode postState(String threadId, Map<String, Object> body) {
        Http.Response r = http.postJson("/threads/" + threadId + "/state", body);
        assertEquals(200, r.status(), () -> "update state: " + r);
        return r.json();
    }

    /** {@code POST /assistants} with {@code body}: the created assistant. */
    JsonNode createAssistant(Map<String, Object> body) {
        Http.Response r = http.postJson("/assistants", body);
        assertEquals(200, r.status(), () -> "create assistant: " + r);
        return r.json();
    }

    /** Polls the run until its status is one of {@code wanted}; fails with the last status seen. */
    String awaitRunStatus(String threadId, String runId, Set<String> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = null;
        while (true) {
            status = Json.str(getRun(threadId, runId), "status");
            if (wanted.contains(status)) return status;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + runId + " still " + status + " after " + timeout + "; wanted "
                        + wanted);
            }
            pause();
        }
    }

    /** Polls the thread until its status is one of {@code wanted}. */
    String awaitThreadStatus(String threadId, Set<String> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String status = Json.str(getThread(threadId), "status");
            if (wanted.contains(status)) return status;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("thread " + threadId + " still " + status + " after " + timeout
                        + "; wanted " + wanted);
            }
            pause();
        }
    }

    /** Polls until {@code GET /threads/{t}} answers 404. */
    void awaitThreadGone(String threadId, Duration timeout) {
        awaitTrue(() -> http.get("/threads/" + threadId).status() == 404, "thread " + threadId + " deleted", timeout);
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} at the deadline. */
    static void awaitTrue(java.util.function.BooleanSupplier condition, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not yet after " + timeout + ": " + what);
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20); // poll interval; the deadline is what bounds the wait
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A run body for the {@code agent} graph. */
    static Map<String, Object> agent(List<String> inputItems, List<String> streamModes, int delayMs) {
        return agent(inputItems, streamModes, Map.of("delay_ms", delayMs));
    }

    static Map<String, Object> agent(List<String> inputItems, List<String> streamModes,
            Map<String, Object> configurable) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assistant_id", "agent");
        body.put("input", Map.of("items", inputItems));
        body.put("stream_mode", streamModes);
        body.put("config", Map.of("configurable", configurable));
        return body;
    }

    /** A run body for the {@code burst} graph: {@code count} custom events {@code {"i": n}}. */
    static Map<String, Object> burst(int count) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assistant_id", "burst");
        body.put("input", Map.of());
        body.put("stream_mode", List.of("custom"));
        body.put("config", Map.of("configurable", Map.of("count", count)));
        return body;
    }

    static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(key, value);
        return copy;
    }
}
