package io.spool.it;

import static io.spool.it.StreamAssertions.assertJsonError;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every bad request gets a 4xx with a JSON {@code {"detail": "..."}} that says what is wrong, never a 500:
 * malformed JSON (400 or 422), wrong types (422), bad UUIDs (422), unknown assistant / thread / run (404).
 */
abstract class BadRequestContract extends ServerContract {

    private static final String RUN_OK = "{\"assistant_id\":\"agent\",\"input\":{\"items\":[\"x\"]}}";

    @Test
    void malformedJsonIs400Or422() {
        String t = api.createThread();
        for (String path : List.of("/threads", "/threads/search", "/threads/" + t + "/state",
                "/threads/" + t + "/runs", "/threads/" + t + "/runs/wait", "/runs/wait")) {
            for (String body : List.of("{not json", "{\"assistant_id\":", "[1,2")) {
                assertJsonError(http.post(path, body), 400, 422);
            }
        }
        // runs need a body: an empty one is as bad as a broken one
        for (String path : List.of("/threads/" + t + "/runs", "/threads/" + t + "/runs/wait", "/runs/wait")) {
            assertJsonError(http.post(path, ""), 400, 422);
        }
        assertJsonError(http.postStreamText("/threads/" + t + "/runs/stream", "{not json"), 400, 422);
    }

    @Test
    void wrongTypesAre422() {
        String t = api.createThread();
        assertJsonError(http.post("/threads", "{\"metadata\": 5}"), 422);
        assertJsonError(http.post("/threads", "{\"metadata\": \"x\"}"), 422);
        assertJsonError(http.post("/threads", "{\"thread_id\": 5}"), 422);
        assertJsonError(http.post("/threads", "{\"if_exists\": \"bogus\"}"), 422);
        assertJsonError(http.post("/threads", "[1, 2]"), 400, 422);
        String runs = "/threads/" + t + "/runs";
        for (String body : List.of(
                "{\"assistant_id\":\"agent\",\"input\":{},\"stream_mode\":7}",
                "{\"assistant_id\":\"agent\",\"input\":{},\"stream_mode\":\"bogus\"}",
                "{\"assistant_id\":\"agent\",\"input\":{},\"stream_mode\":[\"values\",7]}",
                "{\"assistant_id\":5,\"input\":{}}",
                "{\"input\":{}}",
                "{\"assistant_id\":\"agent\",\"input\":{},\"metadata\":5}",
                "{\"assistant_id\":\"agent\",\"input\":{},\"config\":\"x\"}",
                "{\"assistant_id\":\"agent\",\"input\":{},\"multitask_strategy\":\"bogus\"}")) {
            assertJsonError(http.post(runs, body), 422);
            assertJsonError(http.post(runs + "/wait", body), 422);
            assertJsonError(http.postStreamText(runs + "/stream", body), 422);
        }
        assertJsonError(http.post(runs, "\"just a string\""), 400, 422);
        assertJsonError(http.post("/threads/" + t + "/state", "{\"values\": 5}"), 422);
        assertJsonError(http.post("/runs/wait", "{\"assistant_id\":\"agent\",\"stream_mode\":7}"), 422);
    }

    @Test
    void unknownAssistantIs404() {
        String t = api.createThread();
        for (String assistant : List.of("nope", UUID.randomUUID().toString())) {
            String body = "{\"assistant_id\":\"" + assistant + "\",\"input\":{}}";
            assertJsonError(http.post("/threads/" + t + "/runs", body), 404);
            assertJsonError(http.post("/threads/" + t + "/runs/wait", body), 404);
            assertJsonError(http.postStreamText("/threads/" + t + "/runs/stream", body), 404);
            assertJsonError(http.post("/runs/wait", body), 404);
            assertJsonError(http.postStreamText("/runs/stream", body), 404);
        }
    }

    @Test
    void unknownThreadIs404EverywhereOnRuns() {
        String u = "/threads/" + UUID.randomUUID();
        assertJsonError(http.get(u), 404);
        assertJsonError(http.delete(u), 404);
        assertJsonError(http.get(u + "/state"), 404);
        assertJsonError(http.post(u + "/state", "{\"values\":{\"items\":[\"x\"]}}"), 404);
        assertJsonError(http.get(u + "/runs"), 404);
        assertJsonError(http.post(u + "/runs", RUN_OK), 404);
        assertJsonError(http.post(u + "/runs/wait", RUN_OK), 404);
        assertJsonError(http.postStreamText(u + "/runs/stream", RUN_OK), 404);
        assertJsonError(http.get(u + "/runs/" + UUID.randomUUID()), 404);
        assertJsonError(http.stream(u + "/runs/" + UUID.randomUUID() + "/stream"), 404);
        assertJsonError(http.post(u + "/runs/" + UUID.randomUUID() + "/cancel", ""), 404);
    }

    @Test
    void unknownRunIs404() {
        String t = api.createThread();
        String r = "/threads/" + t + "/runs/" + UUID.randomUUID();
        assertJsonError(http.get(r), 404);
        assertJsonError(http.stream(r + "/stream"), 404);
        assertJsonError(http.stream(r + "/stream", "-1"), 404);
        assertJsonError(http.post(r + "/cancel", ""), 404);

        // a run of another thread is unknown on this one
        String other = api.createThread();
        String run = api.createRunId(other, Api.agent(List.of("o"), List.of("values"), 20));
        assertJsonError(http.get("/threads/" + t + "/runs/" + run), 404);
        api.awaitRunStatus(other, run, Api.TERMINAL, SOON);
    }

    @Test
    void badUuidsAre422() {
        String t = api.createThread();
        for (String bad : List.of("not-a-uuid", "1234", "0276fed4-d195-45e2-ae92-18a154c6a19z")) {
            assertJsonError(http.get("/threads/" + bad), 422);
            assertJsonError(http.delete("/threads/" + bad), 422);
            assertJsonError(http.get("/threads/" + bad + "/state"), 422);
            assertJsonError(http.get("/threads/" + bad + "/runs"), 422);
            assertJsonError(http.post("/threads/" + bad + "/runs", RUN_OK), 422);
            assertJsonError(http.post("/threads/" + bad + "/runs/wait", RUN_OK), 422);
            assertJsonError(http.postStreamText("/threads/" + bad + "/runs/stream", RUN_OK), 422);
            assertJsonError(http.get("/threads/" + t + "/runs/" + bad), 422);
            assertJsonError(http.stream("/threads/" + t + "/runs/" + bad + "/stream"), 422);
            assertJsonError(http.post("/threads/" + t + "/runs/" + bad + "/cancel", ""), 422);
            assertJsonError(http.post("/threads", Json.write(Map.of("thread_id", bad))), 422);
        }
    }

    @Test
    void runsBatchCreatesEveryRunOrNone() throws Exception {
        Http.Response ok = http.post("/runs/batch", "[" + RUN_OK + "," + RUN_OK + "]");
        org.junit.jupiter.api.Assertions.assertEquals(200, ok.status(), ok::toString);
        tools.jackson.databind.JsonNode runs = ok.json();
        org.junit.jupiter.api.Assertions.assertEquals(2, runs.size(), ok::toString);
        org.junit.jupiter.api.Assertions.assertNotEquals(runs.get(0).get("thread_id").asString(),
                runs.get(1).get("thread_id").asString(), "every stateless run gets a thread of its own");
        for (tools.jackson.databind.JsonNode run : runs) {
            Http.Response joined = http.get("/threads/" + run.get("thread_id").asString() + "/runs/"
                    + run.get("run_id").asString() + "/join");
            org.junit.jupiter.api.Assertions.assertEquals(200, joined.status(), joined::toString);
        }
        assertJsonError(http.post("/runs/batch", RUN_OK), 422);
        assertJsonError(http.post("/runs/batch", "[]"), 422);
        assertJsonError(http.post("/runs/batch", "[" + RUN_OK + ", 5]"), 422);
        assertJsonError(http.post("/runs/batch", "[" + RUN_OK + ", {\"input\":{}}]"), 422);
    }

    @Test
    void runsCancelNeedsRunIdsWithAThreadOrAStatus() {
        String t = api.createThread();
        String run = "\"" + UUID.randomUUID() + "\"";
        for (String body : List.of("{}", "{\"run_ids\":[" + run + "]}", "{\"thread_id\":\"" + t + "\"}",
                "{\"status\":\"finished\"}", "{\"thread_id\":\"" + t + "\",\"run_ids\":[" + run + "],\"status\":\"all\"}",
                "{\"thread_id\":\"" + t + "\",\"run_ids\":[\"nope\"]}", "{\"thread_id\":5,\"status\":\"all\"}")) {
            assertJsonError(http.post("/runs/cancel", body), 422);
        }
        assertJsonError(http.post("/runs/cancel?action=explode", "{\"status\":\"all\",\"thread_id\":\"" + t + "\"}"), 422);
        assertJsonError(http.post("/runs/cancel", "{\"thread_id\":\"" + t + "\",\"run_ids\":[" + run + "]}"), 404);
        assertJsonError(http.post("/runs/cancel", "{\"thread_id\":\"" + UUID.randomUUID() + "\",\"status\":\"all\"}"), 404);
    }

    /**
     * An error answered before the request's body has arrived (a malformed id is refused without reading it) still
     * leaves the connection open for the next request: the body is read and dropped first. Otherwise the server
     * closes a connection its response did not say it would close, and a client's next request on it fails with
     * nothing received.
     */
    @Test
    void anErrorAnsweredBeforeTheBodyArrivedKeepsTheConnection() throws Exception {
        byte[] body = RUN_OK.getBytes(StandardCharsets.UTF_8);
        try (Socket s = new Socket("127.0.0.1", http.base.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /threads/not-a-uuid/runs/wait HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300); // the body comes late: the handler has refused the request by then
            out.write(body);
            out.write("GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answers = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            org.junit.jupiter.api.Assertions.assertTrue(answers.startsWith("HTTP/1.1 422"), answers);
            org.junit.jupiter.api.Assertions.assertTrue(answers.contains("HTTP/1.1 200"),
                    () -> "the second request was answered on the same connection: " + answers);
        }
    }
}
