package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spool.config.ServerConfig;
import io.spool.server.SpoolServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A data directory written by an older Spool keeps working: its threads are served, and they gain what later
 * versions store (thread TTLs here), which then survives restarts.
 */
class SqliteSchemaUpgradeTest {

    /** The {@code threads} table as the first release created it, before thread TTLs. */
    private static final String FIRST_THREADS_TABLE = """
            CREATE TABLE threads (
              thread_id TEXT PRIMARY KEY,
              created_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL,
              metadata TEXT NOT NULL,
              config TEXT NOT NULL,
              status TEXT NOT NULL,
              state_values TEXT,
              interrupts TEXT)""";

    @Test
    void aThreadOfTheFirstSchemaIsServedAndKeepsTheTtlItIsGivenAcrossRestarts(@TempDir Path dataDir)
            throws Exception {
        String old = UUID.randomUUID().toString();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("spool.db"))) {
            try (Statement s = c.createStatement()) {
                s.execute(FIRST_THREADS_TABLE);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO threads VALUES (?,?,?,?,?,?,?,?)")) {
                long micros = System.currentTimeMillis() * 1000;
                Object[] row = {old, micros, micros, "{\"owner\":\"v0\"}", "{}", "idle", null, "{}"};
                for (int i = 0; i < row.length; i++) insert.setObject(i + 1, row[i]);
                insert.executeUpdate();
            }
        }

        String fresh;
        try (SpoolServer server = start(dataDir); Http http = new Http(server.port())) {
            JsonNode thread = http.get("/threads/" + old + "?include=ttl").json();
            assertEquals("v0", Json.str(thread.get("metadata"), "owner"), thread::toString);
            assertEquals(true, thread.get("ttl").isNull(), thread::toString);
            assertEquals(200, http.patchJson("/threads/" + old,
                    Map.of("ttl", Map.of("ttl", 60, "strategy", "keep_latest"))).status());
            Http.Response created = http.postJson("/threads", Map.of("ttl", 30));
            assertEquals(200, created.status(), created::toString);
            fresh = Json.str(created.json(), "thread_id");
        }
        try (SpoolServer server = start(dataDir); Http http = new Http(server.port())) {
            JsonNode upgraded = http.get("/threads/" + old + "?include=ttl").json().get("ttl");
            assertEquals("keep_latest", Json.str(upgraded, "strategy"), upgraded::toString);
            assertEquals(60.0, upgraded.get("ttl_minutes").asDouble(), upgraded::toString);
            JsonNode created = http.get("/threads/" + fresh + "?include=ttl").json().get("ttl");
            assertEquals("delete", Json.str(created, "strategy"), created::toString);
            assertEquals(30.0, created.get("ttl_minutes").asDouble(), created::toString);
        }
    }

    private static SpoolServer start(Path dataDir) throws Exception {
        return SpoolServer.start(ServerConfig.defaults().withPort(0).withStorage("sqlite").withDataDir(dataDir));
    }
}
