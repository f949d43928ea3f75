package io.spool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.config.ServerConfig;
import io.spool.server.SpoolServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What is per identity beyond threads and assistants, over real HTTP with two API keys: the long-term store (through
 * the API and through a graph's store handle, each identity sees only its own items) and the limit of open streams
 * (the config's {@code http.max_streams_per_identity}: 429 past it, for that identity only).
 */
class IdentityLimitsTest {

    private static final String ALICE = "alice-key-0123456789";
    private static final String BOB = "bob-key-9876543210";

    @TempDir
    static Path dir;
    private static SpoolServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys"), "alice=" + ALICE + "\nbob=" + BOB + "\n");
        Path config = Files.writeString(dir.resolve("langgraph.json"), Json.write(Map.of(
                "graphs", Map.of("agent", "io.spool.examples.AgentGraph::graph",
                        "memory", "io.spool.examples.MemoryGraph::graph"),
                "http", Map.of("max_streams_per_identity", 2))));
        server = SpoolServer.start(ServerConfig.defaults().withPort(0).withStorage("memory").withApiKeysFile(keys)
                .withGraphsConfig(config).withHeartbeat(Duration.ofMillis(200)));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static Http.Response call(String key, String method, String path, Object body) {
        return http.send(method, path, body == null ? null : Json.write(body), Map.of("x-api-key", key));
    }

    private static List<String> facts(String key, String user) {
        Http.Response r = call(key, "POST", "/runs/wait", Map.of("assistant_id", "memory",
                "input", Map.of("user_id", user)));
        assertThat(r.status()).isEqualTo(200);
        return Json.strings(r.json().get("facts"));
    }

    @Test
    void eachIdentitySeesOnlyItsOwnStoreItems() {
        Map<String, Object> item = Map.of("namespace", List.of("prefs", "ui"), "key", "theme",
                "value", Map.of("color", "green"));
        assertThat(call(ALICE, "PUT", "/store/items", item).status()).isEqualTo(204);

        assertThat(call(BOB, "GET", "/store/items?namespace=prefs.ui&key=theme", null).body()).isEqualTo("null");
        assertThat(call(BOB, "POST", "/store/items/search", Map.of("namespace_prefix", List.of("prefs")))
                .json().get("items").size()).isZero();
        assertThat(call(BOB, "POST", "/store/namespaces", Map.of()).json().get("namespaces").size()).isZero();
        // bob's item of the same name is his own; deleting "it" leaves alice's
        assertThat(call(BOB, "PUT", "/store/items", Map.of("namespace", List.of("prefs", "ui"), "key", "theme",
                "value", Map.of("color", "red"))).status()).isEqualTo(204);
        assertThat(call(BOB, "DELETE", "/store/items", Map.of("namespace", List.of("prefs", "ui"), "key", "theme"))
                .status()).isEqualTo(204);

        JsonNode mine = call(ALICE, "GET", "/store/items?namespace=prefs.ui&key=theme", null).json();
        assertThat(mine.get("value").get("color").asString()).isEqualTo("green");
        assertThat(Json.strings(mine.get("namespace"))).containsExactly("prefs", "ui"); // no trace of the scope
        JsonNode found = call(ALICE, "POST", "/store/items/search", Map.of("namespace_prefix", List.of("prefs")))
                .json().get("items");
        assertThat(found.size()).isEqualTo(1);
        assertThat(Json.strings(found.get(0).get("namespace"))).containsExactly("prefs", "ui");
        assertThat(call(ALICE, "POST", "/store/namespaces", Map.of("max_depth", 1)).json().get("namespaces")
                .toString()).isEqualTo("[[\"prefs\"]]");
        assertThat(call(ALICE, "POST", "/store/namespaces", Map.of()).json().get("namespaces").toString())
                .isEqualTo("[[\"prefs\",\"ui\"]]");
    }

    @Test
    void aGraphsStoreHandleIsItsCallersPartOfTheStore() {
        assertThat(call(ALICE, "POST", "/runs/wait", Map.of("assistant_id", "memory",
                "input", Map.of("user_id", "ada", "remember", "I love pasta"))).status()).isEqualTo(200);
        assertThat(facts(ALICE, "ada")).containsExactly("I love pasta");
        assertThat(facts(BOB, "ada")).isEmpty();
        // what alice's run filed, alice finds through the API, under the graph's own namespace; bob does not
        assertThat(call(ALICE, "POST", "/store/items/search", Map.of("namespace_prefix", List.of("users", "ada")))
                .json().get("items").size()).isEqualTo(1);
        assertThat(call(BOB, "POST", "/store/items/search", Map.of("namespace_prefix", List.of("users", "ada")))
                .json().get("items").size()).isZero();
    }

    @Test
    void openStreamsPastTheLimitAre429ForThatIdentityOnly() throws Exception {
        String t = Json.str(call(ALICE, "POST", "/threads", Map.of()).json(), "thread_id");
        String b = Json.str(call(BOB, "POST", "/threads", Map.of()).json(), "thread_id");
        try (SseStream one = http.stream("/threads/" + t + "/stream", Map.of("x-api-key", ALICE)).expectOk();
             SseStream two = http.stream("/threads/" + t + "/stream", Map.of("x-api-key", ALICE)).expectOk()) {
            one.awaitHeartbeats(1, Duration.ofSeconds(10));
            two.awaitHeartbeats(1, Duration.ofSeconds(10));
            Http.Response third = call(ALICE, "GET", "/threads/" + t + "/stream", null);
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.contentType()).startsWith("application/json");
            assertThat(Json.str(third.json(), "detail")).contains("at once");
            // a refused /runs/stream creates no run
            Http.Response run = call(ALICE, "POST", "/threads/" + t + "/runs/stream", Map.of("assistant_id", "agent"));
            assertThat(run.status()).isEqualTo(429);
            assertThat(call(ALICE, "GET", "/threads/" + t + "/runs", null).json().size()).isZero();
            // another identity is not held up, and plain calls of alice's still work
            try (SseStream his = http.stream("/threads/" + b + "/stream", Map.of("x-api-key", BOB)).expectOk()) {
                his.awaitHeartbeats(1, Duration.ofSeconds(10));
            }
            assertThat(call(ALICE, "GET", "/threads/" + t, null).status()).isEqualTo(200);
        }
        // once hers are closed (the server notices at its next heartbeat), alice may stream again
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status;
        do {
            Thread.sleep(100);
            try (SseStream again = http.stream("/threads/" + t + "/stream", Map.of("x-api-key", ALICE))) {
                status = again.status();
            }
        } while (status == 429 && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(200);
    }
}
