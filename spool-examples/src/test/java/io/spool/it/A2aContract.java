package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spool.assistants.Assistants;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A2A over HTTP: agent cards; {@code message/send} to the chat graph answers with a completed task whose artifact
 * is the AI reply, its context a thread that carries the conversation on; the A2A 1.0 names and shapes; a streamed
 * send's events (task, working, the reply token by token, its last chunk, the final status); {@code tasks/get};
 * {@code tasks/cancel} of a task in flight; the hitl graph's interrupt as {@code input-required}, resumed by the next
 * message under the same task id; JSON-RPC errors for bad requests (HTTP 200, or 400 for a body
 * that is not a JSON-RPC request).
 */
abstract class A2aContract extends ServerContract {

    private static final String REPLY = "Hello from the fake model!";
    private static final String CHAT_ID = Assistants.systemId("chat");

    private JsonNode rpc(String assistant, Object id, String method, Map<String, Object> params) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", "2.0");
        body.put("id", id);
        body.put("method", method);
        body.put("params", params);
        Http.Response r = http.postJson("/a2a/" + assistant, body);
        assertEquals(200, r.status(), r::toString);
        JsonNode json = r.json();
        assertEquals("2.0", Json.str(json, "jsonrpc"), r::toString);
        assertEquals(String.valueOf(id), json.get("id").asString(), r::toString);
        return json;
    }

    private JsonNode result(String assistant, String method, Map<String, Object> params) {
        JsonNode json = rpc(assistant, 7, method, params);
        assertNotNull(json.get("result"), json::toString);
        return json.get("result");
    }

    private int errorCode(String assistant, String method, Map<String, Object> params) {
        JsonNode json = rpc(assistant, "e", method, params);
        assertNotNull(json.get("error"), json::toString);
        assertFalse(Json.str(json.get("error"), "message").isBlank(), json::toString);
        return json.get("error").get("code").asInt();
    }

    private static Map<String, Object> text(String text, String contextId, String taskId) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("kind", "message");
        message.put("role", "user");
        message.put("messageId", UUID.randomUUID().toString());
        message.put("parts", List.of(Map.of("kind", "text", "text", text)));
        if (contextId != null) message.put("contextId", contextId);
        if (taskId != null) message.put("taskId", taskId);
        return Map.of("message", message);
    }

    private static String reply(JsonNode task) {
        return task.get("artifacts").get(0).get("parts").get(0).get("text").asString();
    }

    private static String state(JsonNode task) {
        return task.get("status").get("state").asString();
    }

    @Test
    void agentCardsDescribeTheAssistant() {
        JsonNode card = http.get("/a2a/chat/.well-known/agent-card.json").json();
        assertEquals("chat", Json.str(card, "name"), card::toString);
        assertTrue(Json.str(card, "url").endsWith("/a2a/" + CHAT_ID), card::toString);
        assertTrue(Json.str(card, "url").startsWith("http://127.0.0.1:"), card::toString);
        assertEquals("JSONRPC", Json.str(card, "preferredTransport"), card::toString);
        assertTrue(card.get("capabilities").get("streaming").asBoolean(), card::toString);
        assertEquals("chat", Json.str(card.get("skills").get(0), "id"), card::toString);
        assertTrue(Json.strings(card.get("defaultInputModes")).contains("text/plain"), card::toString);
        assertEquals("1.0", Json.str(card.get("supportedInterfaces").get(0), "protocolVersion"), card::toString);
        JsonNode byQuery = http.get("/.well-known/agent-card.json?assistant_id=" + CHAT_ID).json();
        assertEquals(Json.canonical(card), Json.canonical(byQuery));

        Http.Response missing = http.get("/.well-known/agent-card.json");
        assertEquals(400, missing.status(), missing::toString);
        Http.Response unknown = http.get("/a2a/no-such-graph/.well-known/agent-card.json");
        assertEquals(404, unknown.status(), unknown::toString);
        assertNotNull(Json.str(unknown.json(), "detail"), unknown::toString);
    }

    @Test
    void sendAnswersWithTheReplyAndTheContextCarriesTheConversation() {
        JsonNode task = result("chat", "message/send", text("hi", null, null));
        assertEquals("task", Json.str(task, "kind"), task::toString);
        assertEquals("completed", state(task), task::toString);
        assertEquals(REPLY, reply(task), task::toString);
        assertEquals(REPLY, task.get("status").get("message").get("parts").get(0).get("text").asString());
        String contextId = Json.str(task, "contextId");
        String taskId = Json.str(task, "id");
        assertEquals(2, task.get("history").size(), task::toString);
        assertEquals("user", Json.str(task.get("history").get(0), "role"), task::toString);
        assertEquals("hi", task.get("history").get(0).get("parts").get(0).get("text").asString());

        // the context is a thread: the run is the task, the next message continues the conversation
        assertEquals("success", Json.str(api.getRun(contextId, taskId), "status"));
        JsonNode second = result("chat", "message/send", text("again", contextId, null));
        assertEquals(contextId, Json.str(second, "contextId"));
        assertNotEquals(taskId, Json.str(second, "id"), "a new message is a new task");
        assertEquals(4, second.get("history").size(), second::toString);
        assertEquals(4, api.state(contextId).get("values").get("messages").size());

        JsonNode got = result("chat", "tasks/get", Map.of("id", taskId, "historyLength", 1));
        assertEquals("completed", state(got), got::toString);
        assertEquals(1, got.get("history").size(), got::toString);
        assertEquals(REPLY, reply(got), got::toString);
    }

    @Test
    void theA2aOneNamesAnswerInTheirShape() {
        Map<String, Object> message = Map.of("messageId", "m1", "role", "ROLE_USER",
                "parts", List.of(Map.of("text", "hi")));
        JsonNode result = result(CHAT_ID, "SendMessage", Map.of("message", message));
        JsonNode task = result.get("task");
        assertNotNull(task, result::toString);
        assertEquals("TASK_STATE_COMPLETED", state(task), task::toString);
        assertFalse(task.has("kind"), task::toString);
        assertEquals("ROLE_USER", Json.str(task.get("history").get(0), "role"), task::toString);
        assertEquals("ROLE_AGENT", Json.str(task.get("history").get(1), "role"), task::toString);
        assertEquals(REPLY, reply(task), task::toString);
        JsonNode got = result(CHAT_ID, "GetTask", Map.of("id", Json.str(task, "id")));
        assertEquals("TASK_STATE_COMPLETED", state(got), got::toString);
    }

    @Test
    void aStreamedSendSendsTheReplyAsItIsGenerated() {
        Map<String, Object> body = Map.of("jsonrpc", "2.0", "id", "s1", "method", "message/stream",
                "params", text("hi", null, null));
        List<JsonNode> results;
        try (SseStream s = http.postStream("/a2a/chat", body)) {
            s.expectOk();
            results = s.untilEnd(SOON).stream().map(e -> {
                JsonNode frame = e.json();
                assertEquals("s1", Json.str(frame, "id"), frame::toString);
                return frame.get("result");
            }).toList();
            assertTrue(s.framingProblems().isEmpty(), s.framingProblems()::toString);
        }
        assertEquals("task", Json.str(results.getFirst(), "kind"), results::toString);
        assertEquals("submitted", state(results.getFirst()), results::toString);
        String taskId = Json.str(results.getFirst(), "id");
        assertEquals("status-update", Json.str(results.get(1), "kind"), results::toString);
        assertEquals("working", state(results.get(1)), results::toString);

        StringBuilder streamed = new StringBuilder();
        int pieces = 0;
        JsonNode lastChunk = null;
        for (JsonNode r : results) {
            if (!"artifact-update".equals(Json.str(r, "kind"))) continue;
            assertEquals(taskId, Json.str(r, "taskId"), r::toString);
            String piece = r.get("artifact").get("parts").get(0).get("text").asString();
            if (r.get("lastChunk").asBoolean()) {
                lastChunk = r;
            } else {
                streamed.append(piece);
                pieces++;
            }
        }
        assertEquals(REPLY, streamed.toString(), "the reply token by token: " + results);
        assertTrue(pieces > 1, () -> "several artifact updates: " + results);
        assertNotNull(lastChunk, results::toString);
        assertEquals(REPLY, lastChunk.get("artifact").get("parts").get(0).get("text").asString());

        JsonNode end = results.getLast();
        assertEquals("status-update", Json.str(end, "kind"), end::toString);
        assertEquals("completed", state(end), end::toString);
        assertTrue(end.get("final").asBoolean(), end::toString);
        assertEquals(REPLY, result("chat", "tasks/get", Map.of("id", taskId)).get("artifacts").get(0)
                .get("parts").get(0).get("text").asString());
    }

    @Test
    void anInterruptIsInputRequiredAndTheNextMessageResumesTheTask() {
        Map<String, Object> start = Map.of("message", Map.of("kind", "message", "role", "user", "messageId", "h1",
                "parts", List.of(Map.of("kind", "data", "data", Map.of("items", List.of("a2a"))))));
        JsonNode paused = result("hitl", "message/send", start);
        assertEquals("input-required", state(paused), paused::toString);
        String question = paused.get("status").get("message").get("parts").get(0).get("text").asString();
        assertTrue(question.contains("approve?"), paused::toString);
        String taskId = Json.str(paused, "id");
        String contextId = Json.str(paused, "contextId");
        assertEquals("input-required", state(result("hitl", "tasks/get", Map.of("id", taskId))));

        JsonNode done = result("hitl", "message/send", text("yes", contextId, taskId));
        assertEquals(taskId, Json.str(done, "id"), "the task keeps its id across the pause: " + done);
        assertEquals("completed", state(done), done::toString);
        assertTrue(reply(done).contains("finish:\\\"yes\\\""), done::toString);
        assertEquals(List.of("a2a", "prepare", "ask", "finish:\"yes\""),
                Json.strings(api.state(contextId).get("values").get("items")));
        assertEquals("completed", state(result("hitl", "tasks/get", Map.of("id", taskId))));

        // a finished task takes no reply; a paused context takes one without the task id
        assertEquals(-32602, errorCode("hitl", "message/send", text("again", contextId, taskId)));
        JsonNode again = result("hitl", "message/send", start);
        JsonNode resumed = result("hitl", "message/send", text("no", Json.str(again, "contextId"), null));
        assertEquals(Json.str(again, "id"), Json.str(resumed, "id"), resumed::toString);
        assertEquals("completed", state(resumed), resumed::toString);
    }

    @Test
    void cancelStopsATaskInFlight() {
        Map<String, Object> params = new LinkedHashMap<>(text("hi", null, null));
        params.put("configuration", Map.of("blocking", false));
        JsonNode task = result("chat", "message/send", params);
        assertTrue(List.of("submitted", "working").contains(state(task)), task::toString);
        String taskId = Json.str(task, "id");
        JsonNode canceled = result("chat", "tasks/cancel", Map.of("id", taskId));
        assertEquals("canceled", state(canceled), canceled::toString);
        assertEquals("canceled", state(result("chat", "tasks/get", Map.of("id", taskId))));
        assertEquals(-32002, errorCode("chat", "tasks/cancel", Map.of("id", taskId)));
    }

    @Test
    void badRequestsAreJsonRpcErrors() {
        assertEquals(-32601, errorCode("chat", "tasks/resubscribe", Map.of("id", "x")));
        assertEquals(-32602, errorCode("no-such-graph", "message/send", text("hi", null, null)));
        assertEquals(-32602, errorCode("chat", "message/send", Map.of()));
        assertEquals(-32602, errorCode("chat", "message/send", Map.of("message", Map.of("role", "user",
                "parts", List.of()))));
        assertEquals(-32602, errorCode("chat", "message/send", text("hi", "not-a-uuid", null)));
        assertEquals(-32602, errorCode("hitl", "message/send", text("hi", null, null)), "hitl has no messages");
        assertEquals(-32005, errorCode("chat", "message/send", Map.of("message", Map.of("role", "user",
                "parts", List.of(Map.of("kind", "file", "file", Map.of("uri", "file:///etc/passwd")))))));
        assertEquals(-32001, errorCode("chat", "tasks/get", Map.of("id", UUID.randomUUID().toString())));
        assertEquals(-32001, errorCode("chat", "message/send", text("hi", null, UUID.randomUUID().toString())));
        assertEquals(-32602, errorCode("chat", "tasks/get", Map.of()));

        Http.Response parse = http.post("/a2a/chat", "{\"jsonrpc\": ");
        assertEquals(400, parse.status(), parse::toString);
        assertEquals(-32700, parse.json().get("error").get("code").asInt(), parse::toString);
        assertTrue(parse.json().get("id").isNull(), parse::toString);
        Http.Response notRpc = http.postJson("/a2a/chat", Map.of("id", 1, "method", "message/send"));
        assertEquals(400, notRpc.status(), notRpc::toString);
        assertEquals(1, notRpc.json().get("id").asInt(), notRpc::toString);
        assertEquals(-32600, notRpc.json().get("error").get("code").asInt(), notRpc::toString);
        Http.Response notification = http.postJson("/a2a/chat", Map.of("jsonrpc", "2.0", "method", "x"));
        assertEquals(202, notification.status(), notification::toString);
        Http.Response get = http.get("/a2a/chat");
        assertEquals(405, get.status(), get::toString);
    }
}
