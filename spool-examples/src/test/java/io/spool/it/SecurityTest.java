package io.spool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.config.ServerConfig;
import io.spool.server.SpoolServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * API-key auth and ownership over real HTTP: two identities on one server; each sees only its own threads, runs and
 * assistants (another's is a 404 under every path), system assistants are everyone's; and the browser policy of a
 * server with auth on: no page of another origin gets in.
 */
class SecurityTest {

    private static final String ALICE = "alice-key-0123456789";
    private static final String BOB = "bob-key-9876543210";

    @TempDir
    static Path dir;
    private static SpoolServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys"), "# identity=key\nalice=" + ALICE + "\nbob = " + BOB + "\n");
        server = SpoolServer.start(ServerConfig.defaults().withPort(0).withStorage("memory").withApiKeysFile(keys));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static Map<String, String> as(String key) {
        return Map.of("x-api-key", key);
    }

    private static Http.Response call(String key, String method, String path, Object body) {
        return http.send(method, path, body == null ? null : Json.write(body), as(key));
    }

    @Test
    void withoutAValidKeyEveryApiPathIs401ButHealthAndDocsArePublic() {
        for (String path : List.of("/threads/search", "/assistants/search", "/runs/wait", "/mcp")) {
            Http.Response r = http.post(path, "{}");
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.header("www-authenticate")).startsWith("Bearer");
            assertThat(Json.str(r.json(), "detail")).contains("x-api-key");
        }
        Http.Response wrong = call("not-a-key-at-all", "POST", "/threads", Map.of());
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(Json.str(wrong.json(), "detail")).isEqualTo("The API key is not valid");
        assertThat(http.get("/ok").status()).isEqualTo(200);
        assertThat(http.get("/openapi.json").status()).isEqualTo(200);
        // the SDKs' header, or a bearer token
        assertThat(http.send("POST", "/threads/search", "{}", Map.of("Authorization", "Bearer " + BOB)).status())
                .isEqualTo(200);
    }

    @Test
    void anA2aContextAndItsTasksAreTheCallers() {
        assertThat(http.post("/a2a/agent", "{}").status()).isEqualTo(401);
        assertThat(http.get("/a2a/agent/.well-known/agent-card.json").status()).isEqualTo(401);
        Map<String, Object> send = Map.of("jsonrpc", "2.0", "id", 1, "method", "message/send", "params",
                Map.of("message", Map.of("role", "user", "messageId", "m", "parts",
                        List.of(Map.of("kind", "data", "data", Map.of("items", List.of("a2a")))))));
        JsonNode task = call(ALICE, "POST", "/a2a/agent", send).json().get("result");
        assertThat(task.get("status").get("state").asString()).as(task.toString()).isEqualTo("completed");
        String context = task.get("contextId").asString();
        assertThat(call(ALICE, "GET", "/threads/" + context, null).json().get("metadata").get("owner").asString())
                .isEqualTo("alice");

        JsonNode get = call(BOB, "POST", "/a2a/agent", Map.of("jsonrpc", "2.0", "id", 2, "method", "tasks/get",
                "params", Map.of("id", task.get("id").asString()))).json();
        assertThat(get.get("error").get("code").asInt()).as(get.toString()).isEqualTo(-32001);
        Map<String, Object> intoAlices = Map.of("jsonrpc", "2.0", "id", 3, "method", "message/send", "params",
                Map.of("message", Map.of("role", "user", "messageId", "m2", "contextId", context, "parts",
                        List.of(Map.of("kind", "data", "data", Map.of("items", List.of("bob")))))));
        JsonNode refused = call(BOB, "POST", "/a2a/agent", intoAlices).json();
        assertThat(refused.get("error").get("code").asInt()).as(refused.toString()).isEqualTo(-32602);
        assertThat(refused.get("error").get("message").asString()).contains("not found");
        assertThat(call(ALICE, "GET", "/threads/" + context + "/runs", null).json().size()).isEqualTo(1);
    }

    @Test
    void anotherIdentitysThreadDoesNotExistUnderAnyPath() {
        String t = Json.str(call(ALICE, "POST", "/threads", Map.of("metadata", Map.of("owner", "bob"))).json(),
                "thread_id");
        Http.Response run = call(ALICE, "POST", "/threads/" + t + "/runs/wait", Map.of("assistant_id", "agent",
                "input", Map.of("items", List.of("x")), "config", Map.of("configurable", Map.of("delay_ms", 0))));
        assertThat(run.status()).isEqualTo(200);
        JsonNode runs = call(ALICE, "GET", "/threads/" + t + "/runs", null).json();
        String runId = runs.get(0).get("run_id").asString();
        // the run's config names who asked, as the official server's does
        JsonNode configurable = runs.get(0).get("kwargs").get("config").get("configurable");
        assertThat(configurable.get("langgraph_auth_user_id").asString()).isEqualTo("alice");
        assertThat(configurable.get("langgraph_auth_user").get("identity").asString()).isEqualTo("alice");
        // a client cannot hand its thread to someone else through metadata
        assertThat(call(ALICE, "GET", "/threads/" + t, null).json().get("metadata").get("owner").asString())
                .isEqualTo("alice");

        List<String[]> paths = List.of(
                new String[] {"GET", "/threads/" + t}, new String[] {"GET", "/threads/" + t + "/state"},
                new String[] {"POST", "/threads/" + t + "/history"}, new String[] {"GET", "/threads/" + t + "/runs"},
                new String[] {"GET", "/threads/" + t + "/runs/" + runId},
                new String[] {"GET", "/threads/" + t + "/runs/" + runId + "/join"},
                new String[] {"PATCH", "/threads/" + t}, new String[] {"POST", "/threads/" + t + "/copy"},
                new String[] {"POST", "/threads/" + t + "/state"},
                new String[] {"POST", "/threads/" + t + "/runs"},
                new String[] {"POST", "/threads/" + t + "/stream/events"},
                new String[] {"POST", "/threads/" + t + "/commands"},
                new String[] {"DELETE", "/threads/" + t});
        for (String[] p : paths) {
            Http.Response r = call(BOB, p[0], p[1], p[0].equals("GET") || p[0].equals("DELETE") ? null
                    : Map.of("assistant_id", "agent", "values", Map.of(), "metadata", Map.of()));
            assertThat(r.status()).as(p[0] + " " + p[1] + " by bob: " + r.body()).isEqualTo(404);
        }
        Http.Response stream = http.send("GET", "/threads/" + t + "/stream", null, as(BOB));
        assertThat(stream.status()).isEqualTo(404);
        assertThat(call(BOB, "POST", "/threads/search", Map.of()).json().findValuesAsString("thread_id"))
                .doesNotContain(t);
        assertThat(call(BOB, "POST", "/threads/count", Map.of()).body()).isEqualTo("0");
        // still there for its owner
        assertThat(call(ALICE, "GET", "/threads/" + t, null).status()).isEqualTo(200);
        assertThat(call(ALICE, "POST", "/threads/search", Map.of()).json().findValuesAsString("thread_id"))
                .contains(t);
    }

    /**
     * A WebSocket upgrade is a request like any: without a key 401, a foreign page 403, another's thread 404; the
     * socket acts for whoever opened it, and one opened on an id nobody had yet gets no events of a thread another
     * identity makes there (closed with 4404).
     */
    @Test
    void theProtocolWebSocketIsRefusedAtTheUpgradeAndActsForItsOpener() throws Exception {
        int port = server.port();
        String alices = Json.str(call(ALICE, "POST", "/threads", Map.of()).json(), "thread_id");
        assertThat(ProtocolSocketClient.refusal(port, alices, Map.of())).isEqualTo(401);
        assertThat(ProtocolSocketClient.refusal(port, alices, Map.of("x-api-key", BOB))).isEqualTo(404);
        assertThat(ProtocolSocketClient.refusal(port, alices, Map.of("x-api-key", ALICE,
                "Origin", "https://evil.example"))).isEqualTo(403);

        // the socket's run.start creates the thread for its opener
        String fresh = java.util.UUID.randomUUID().toString();
        try (ProtocolSocketClient ws = ProtocolSocketClient.open(port, fresh, Map.of("x-api-key", ALICE))) {
            ws.send(1, "run.start", Map.of("assistant_id", "agent", "input", Map.of("items", List.of("x")),
                    "config", Map.of("configurable", Map.of("delay_ms", 0))));
            assertThat(ws.reply(1, java.time.Duration.ofSeconds(15)).get("type").asString()).isEqualTo("success");
        }
        assertThat(call(ALICE, "GET", "/threads/" + fresh, null).json().get("metadata").get("owner").asString())
                .isEqualTo("alice");
        assertThat(call(BOB, "GET", "/threads/" + fresh, null).status()).isEqualTo(404);

        String later = java.util.UUID.randomUUID().toString();
        try (ProtocolSocketClient ws = ProtocolSocketClient.open(port, later, Map.of("x-api-key", BOB))) {
            ws.send(1, "subscription.subscribe", Map.of("channels", List.of("lifecycle", "values")));
            ws.reply(1, java.time.Duration.ofSeconds(15));
            assertThat(call(ALICE, "POST", "/threads/" + later + "/runs/wait", Map.of("assistant_id", "agent",
                    "input", Map.of("items", List.of("x")), "if_not_exists", "create",
                    "stream_mode", List.of("values"), "config", Map.of("configurable", Map.of("delay_ms", 0))))
                    .status()).isEqualTo(200);
            assertThat(ws.closedWith(java.time.Duration.ofSeconds(15))).startsWith("4404 ");
            assertThat(ws.until(all -> true, java.time.Duration.ofSeconds(1)))
                    .noneMatch(m -> "event".equals(m.get("type").asString()));
        }
    }

    @Test
    void cronsAreTheirCreatorsAsThreadsAre() {
        Map<String, Object> body = Map.of("assistant_id", "agent", "schedule", "0 9 * * *", "metadata",
                Map.of("owner", "bob"));
        JsonNode cron = call(ALICE, "POST", "/runs/crons", body).json();
        String id = cron.get("cron_id").asString();
        assertThat(cron.get("user_id").asString()).isEqualTo("alice");
        assertThat(cron.get("metadata").get("owner").asString()).as("not handed to bob").isEqualTo("alice");
        String t = Json.str(call(ALICE, "POST", "/threads", Map.of()).json(), "thread_id");
        assertThat(call(ALICE, "POST", "/threads/" + t + "/runs/crons", body).status()).isEqualTo(200);

        assertThat(call(BOB, "GET", "/runs/crons/" + id, null).status()).isEqualTo(404);
        assertThat(call(BOB, "PATCH", "/runs/crons/" + id, Map.of("enabled", false)).status()).isEqualTo(404);
        assertThat(call(BOB, "DELETE", "/runs/crons/" + id, null).status()).isEqualTo(404);
        assertThat(call(BOB, "POST", "/threads/" + t + "/runs/crons", body).status()).as("alice's thread")
                .isEqualTo(404);
        assertThat(call(BOB, "POST", "/runs/crons/search", Map.of()).json().findValuesAsString("cron_id"))
                .doesNotContain(id);
        assertThat(call(BOB, "POST", "/runs/crons/count", Map.of()).body()).isEqualTo("0");

        assertThat(call(ALICE, "POST", "/runs/crons/count", Map.of()).body()).isEqualTo("2");
        assertThat(call(ALICE, "PATCH", "/runs/crons/" + id, Map.of("enabled", false)).status()).isEqualTo(200);
        assertThat(call(ALICE, "DELETE", "/runs/crons/" + id, null).status()).isEqualTo(204);
    }

    @Test
    void createdAssistantsAreTheirOwnersAndSystemAssistantsEveryones() {
        String a = Json.str(call(ALICE, "POST", "/assistants", Map.of("graph_id", "agent", "name", "mine")).json(),
                "assistant_id");
        assertThat(call(BOB, "GET", "/assistants/" + a, null).status()).isEqualTo(404);
        assertThat(call(BOB, "PATCH", "/assistants/" + a, Map.of("name", "stolen")).status()).isEqualTo(404);
        assertThat(call(BOB, "POST", "/runs/wait", Map.of("assistant_id", a, "input", Map.of())).status())
                .isEqualTo(404);
        List<String> bobSees = call(BOB, "POST", "/assistants/search", Map.of("limit", 100)).json()
                .findValuesAsString("assistant_id");
        assertThat(bobSees).doesNotContain(a);
        assertThat(call(BOB, "POST", "/assistants/search", Map.of("limit", 100)).json().findValuesAsString("graph_id"))
                .contains("agent", "hitl", "chat");
        assertThat(call(ALICE, "GET", "/assistants/" + a, null).status()).isEqualTo(200);

        // MCP: every assistant is a tool, but only of the identity that may see it
        assertThat(mcpTools(ALICE)).contains("mine");
        assertThat(mcpTools(BOB)).doesNotContain("mine").contains("agent");
        String callIt = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"mine\","
                + "\"arguments\":{}}}";
        assertThat(mcp(BOB, callIt).body()).contains("\"error\"").doesNotContain("\"structuredContent\"");
    }

    private static List<String> mcpTools(String key) {
        Http.Response r = mcp(key, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("result").path("tools").findValuesAsString("name");
    }

    private static Http.Response mcp(String key, String body) {
        Map<String, String> headers = new java.util.HashMap<>(as(key));
        headers.put("Accept", "application/json, text/event-stream");
        return http.send("POST", "/mcp", body, headers);
    }

    @Test
    void withAuthOnNoOtherOriginGetsInNotEvenLocalhost() {
        Http.Response r = http.send("POST", "/threads", "{}", Map.of("x-api-key", ALICE,
                "Origin", "http://localhost:5173"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(Json.str(r.json(), "detail")).contains("SPOOL_CORS_ALLOW_ORIGINS");
        // the server's own page (the console) is the same origin
        Http.Response own = http.send("POST", "/threads/search", "{}", Map.of("x-api-key", ALICE,
                "Origin", "http://127.0.0.1:" + server.port()));
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.header("access-control-allow-origin")).isEqualTo("http://127.0.0.1:" + server.port());
    }

    @Test
    void aHostThatIsNotLoopbackIsRefusedWhileBoundToLoopback() throws IOException {
        String answer = raw(server.port(), "GET /ok HTTP/1.1\r\nHost: attacker.example:" + server.port()
                + "\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 403").contains("\"detail\":\"Host attacker.example");
        assertThat(raw(server.port(), "GET /ok HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
    }

    static String raw(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
