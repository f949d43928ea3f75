package io.spool.storage.sqlite;

import io.spool.assistants.Assistant;
import io.spool.json.Json;
import io.spool.storage.AssistantStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Assistants as JSON documents: one row per version, and the current version per assistant. */
final class SqliteAssistantStore implements AssistantStore {

    private final Sql writer;
    private final Sql reader;

    SqliteAssistantStore(Sql writer, Sql reader) {
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    public boolean insert(Assistant a) {
        return writer.transaction(c -> {
            try (var ps = Sql.prepare(c, "INSERT OR IGNORE INTO assistants (assistant_id, created_at, body) "
                    + "VALUES (?,?,?)", a.assistantId(), Micros.of(a.createdAt()), Json.text(a))) {
                if (ps.executeUpdate() == 0) return false;
            }
            try (var ps = Sql.prepare(c, "INSERT OR REPLACE INTO assistant_versions (assistant_id, version, body) "
                    + "VALUES (?,?,?)", a.assistantId(), a.version(), Json.text(a))) {
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public Optional<Assistant> get(String assistantId) {
        return reader.query("SELECT body FROM assistants WHERE assistant_id = ?", rs -> parse(rs.getString(1)),
                assistantId).stream().findFirst();
    }

    @Override
    public List<Assistant> all() {
        return reader.query("SELECT body FROM assistants ORDER BY created_at", rs -> parse(rs.getString(1)));
    }

    @Override
    public void addVersion(Assistant a) {
        writer.transaction(c -> {
            try (var ps = Sql.prepare(c, "INSERT OR REPLACE INTO assistant_versions (assistant_id, version, body) "
                    + "VALUES (?,?,?)", a.assistantId(), a.version(), Json.text(a))) {
                ps.executeUpdate();
            }
            try (var ps = Sql.prepare(c, "UPDATE assistants SET body = ? WHERE assistant_id = ?", Json.text(a),
                    a.assistantId())) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<Assistant> setCurrent(String assistantId, int version) {
        Optional<Assistant> v = reader.query("SELECT body FROM assistant_versions WHERE assistant_id = ? AND version = ?",
                rs -> parse(rs.getString(1)), assistantId, version).stream().findFirst();
        v.ifPresent(a -> writer.update("UPDATE assistants SET body = ? WHERE assistant_id = ?", Json.text(a),
                assistantId));
        return v;
    }

    @Override
    public List<Assistant> versions(String assistantId) {
        return reader.query("SELECT body FROM assistant_versions WHERE assistant_id = ? ORDER BY version DESC",
                rs -> parse(rs.getString(1)), assistantId);
    }

    @Override
    public boolean delete(String assistantId) {
        return writer.transaction(c -> {
            try (var ps = Sql.prepare(c, "DELETE FROM assistant_versions WHERE assistant_id = ?", assistantId)) {
                ps.executeUpdate();
            }
            try (var ps = Sql.prepare(c, "DELETE FROM assistants WHERE assistant_id = ?", assistantId)) {
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static Assistant parse(String json) {
        return Json.MAPPER.readValue(json.getBytes(StandardCharsets.UTF_8), Assistant.class);
    }
}
