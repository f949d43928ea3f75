package io.spool.storage.postgres;

import io.spool.storage.Assistant;
import io.spool.storage.AssistantStore;
import io.spool.storage.sql.JsonColumns;
import io.spool.storage.sql.Micros;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Assistants as JSON documents: one row per version, and the current version per assistant. Nothing is cached:
 * another process may change an assistant at any time, and a lookup by primary key is cheap.
 */
final class PgAssistantStore implements AssistantStore {

    private final Pg db;

    PgAssistantStore(Pg db) {
        this.db = db;
    }

    @Override
    public boolean insert(Assistant a) {
        return db.transaction(c -> {
            try (var ps = Pg.prepare(c, "INSERT INTO assistants (assistant_id, created_at, body) VALUES (?,?,?) "
                    + "ON CONFLICT (assistant_id) DO NOTHING", a.assistantId(), Micros.of(a.createdAt()),
                    JsonColumns.write(a))) {
                if (ps.executeUpdate() == 0) return false;
            }
            putVersion(c, a);
            return true;
        });
    }

    private static void putVersion(java.sql.Connection c, Assistant a) throws java.sql.SQLException {
        try (var ps = Pg.prepare(c, "INSERT INTO assistant_versions (assistant_id, version, body) VALUES (?,?,?) "
                + "ON CONFLICT (assistant_id, version) DO UPDATE SET body = excluded.body", a.assistantId(),
                a.version(), JsonColumns.write(a))) {
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<Assistant> get(String assistantId) {
        return db.query("SELECT body FROM assistants WHERE assistant_id = ?", rs -> parse(rs.getString(1)),
                assistantId).stream().findFirst();
    }

    @Override
    public List<Assistant> all() {
        return db.query("SELECT body FROM assistants ORDER BY created_at, assistant_id", rs -> parse(rs.getString(1)));
    }

    @Override
    public void addVersion(Assistant a) {
        db.transaction(c -> {
            putVersion(c, a);
            try (var ps = Pg.prepare(c, "UPDATE assistants SET body = ? WHERE assistant_id = ?", JsonColumns.write(a),
                    a.assistantId())) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<Assistant> setCurrent(String assistantId, int version) {
        return db.transaction(c -> {
            Optional<Assistant> v = Pg.query(c, "SELECT body FROM assistant_versions WHERE assistant_id = ? "
                    + "AND version = ?", rs -> parse(rs.getString(1)), assistantId, version).stream().findFirst();
            if (v.isPresent()) {
                try (var ps = Pg.prepare(c, "UPDATE assistants SET body = ? WHERE assistant_id = ?",
                        JsonColumns.write(v.get()), assistantId)) {
                    ps.executeUpdate();
                }
            }
            return v;
        });
    }

    @Override
    public List<Assistant> versions(String assistantId) {
        return db.query("SELECT body FROM assistant_versions WHERE assistant_id = ? ORDER BY version DESC",
                rs -> parse(rs.getString(1)), assistantId);
    }

    @Override
    public boolean delete(String assistantId) {
        return db.transaction(c -> {
            try (var ps = Pg.prepare(c, "DELETE FROM assistant_versions WHERE assistant_id = ?", assistantId)) {
                ps.executeUpdate();
            }
            try (var ps = Pg.prepare(c, "DELETE FROM assistants WHERE assistant_id = ?", assistantId)) {
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static Assistant parse(String json) {
        return JsonColumns.MAPPER.readValue(json.getBytes(StandardCharsets.UTF_8), Assistant.class);
    }
}
