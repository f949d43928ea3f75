package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * {@code LANGGRAPH_CONFIG}, as the official servers read it: per graph, the config and context of its system
 * assistant, which its runs get; a restart with another value gives the stored system assistant a new version.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LangGraphConfigEnvTest {

    private static final String FAIL_AT_STEP2 =
            "{\"agent\": {\"configurable\": {\"fail_at\": \"step2\", \"delay_ms\": 5}, \"context\": {\"tone\": \"dry\"}}}";
    private Path dataDir;

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("spool-it-langgraph-config-");
    }

    @AfterEach
    void deleteDataDir() throws IOException {
        ServerContract.deleteTree(dataDir);
    }

    @Test
    void theSystemAssistantHasTheGraphsConfigAndContextOnMemoryAndSqlite() {
        for (String storage : List.of("memory", "sqlite")) {
            try (ServerProcess server = ServerProcess.start(Backend.named(storage), dataDir,
                    Map.of("LANGGRAPH_CONFIG", FAIL_AT_STEP2)); Http http = new Http(server.port())) {
                JsonNode agent = http.get("/assistants/agent").json();
                assertEquals("step2", Json.str(agent.get("config").get("configurable"), "fail_at"), agent::toString);
                assertEquals(Json.parse("{\"tone\":\"dry\"}"), agent.get("context"), agent::toString);
                assertEquals(Json.parse("{}"), http.get("/assistants/hitl").json().get("context"), storage);
                // the assistant's config reaches its runs: the agent fails where it says
                JsonNode result = new Api(http).waitRun(new Api(http).createThread(),
                        Map.of("assistant_id", "agent", "input", Map.of("items", List.of("x"))));
                assertEquals("boom in step2", Json.str(result.get("__error__"), "message"), storage + ": " + result);
            }
        }
        // sqlite keeps its system assistants: a restart with another value makes a new version of the one it names
        try (ServerProcess server = ServerProcess.start(Backend.named("sqlite"), dataDir,
                Map.of("LANGGRAPH_CONFIG", "{\"agent\": {\"configurable\": {\"delay_ms\": 5}}}"));
             Http http = new Http(server.port())) {
            JsonNode agent = http.get("/assistants/agent").json();
            assertEquals(Json.parse("{\"configurable\":{\"delay_ms\":5}}"), agent.get("config"), agent::toString);
            assertEquals(Json.parse("{}"), agent.get("context"), agent::toString);
            assertEquals(2, agent.get("version").asInt(), agent::toString);
        }
    }
}
