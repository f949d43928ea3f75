package io.spool.storage.sqlite;

import io.spool.storage.Assistant;
import io.spool.storage.AssistantStore;
import io.spool.storage.sql.JsonColumns;
import io.spool.storage.sql.Micros;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Assistants as JSON documents: one row per version, and the current version per assistant. Current versions are
 * cached, since every run looks its assistant up: this process is the file's only writer, and a change and the
 * cache's refill exclude each other (both hold this store's monitor), so the cache never keeps a stale version.
 */
final class SqliteAssistantStore implements AssistantStore {

    private final Sql writer;
    private final Sql reader;
    private final Map<String, Assistant> current = new ConcurrentHashMap<>();

    SqliteAssistantStore(Sql writer, Sql reader) {
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    public synchronized boolean insert(Assistant a) {
        current.remove(a.assistantId());
        return writer.transaction(c -> {
            try (var ps = Sql.prepare(c, "INSERT OR IGNORE INTO assistants (assistant_id, created_at, body) "
                    + "VALUES (?,?,?)", a.assistantId(), Micros.of(a.createdAt()), JsonColumns.write(a))) {
                if (ps.executeUpdate() == 0) return false;
            }
            try (var ps = Sql.prepare(c, "INSERT OR REPLACE INTO assistant_versions (assistant_id, version, body) "
                    + "VALUES (?,?,?)", a.assistantId(), a.version(), JsonColumns.write(a))) {
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public Optional<Assistant> get(String assistantId) {
        Assistant cached = current.get(assistantId);
        if (cached != null) return Optional.of(cached);
        synchronized (this) {
            Optional<Assistant> a = reader.query("SELECT body FROM assistants WHERE assistant_id = ?",
                    rs -> parse(rs.getString(1)), assistantId).stream().findFirst();
            a.ifPresent(found -> current.put(assistantId, found));
            return a;
        }
    }

    @Override
    public List<Assistant> all() {
        return reader.query("SELECT body FROM assistants ORDER BY created_at", rs -> parse(rs.getString(1)));
    }

    @Override
    public synchronized void addVersion(Assistant a) {
        current.remove(a.assistantId());
        writer.transaction(c -> {
            try (var ps = Sql.prepare(c, "INSERT OR REPLACE INTO assistant_versions (assistant_id, version, body) "
                    + "VALUES (?,?,?)", a.assistantId(), a.version(), JsonColumns.write(a))) {
                ps.executeUpdate();
            }
            try (var ps = Sql.prepare(c, "UPDATE assistants SET body = ? WHERE assistant_id = ?", JsonColumns.write(a),
                    a.assistantId())) {
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized Optional<Assistant> setCurrent(String assistantId, int version) {
        current.remove(assistantId);
        Optional<Assistant> v = reader.query("SELECT body FROM assistant_versions WHERE assistant_id = ? AND version = ?",
                rs -> parse(rs.getString(1)), assistantId, version).stream().findFirst();
        v.ifPresent(a -> writer.update("UPDATE assistants SET body = ? WHERE assistant_id = ?", JsonColumns.write(a),
                assistantId));
        return v;
    }

    @Override
    public List<Assistant> versions(String assistantId) {
        return reader.query("SELECT body FROM assistant_versions WHERE assistant_id = ? ORDER BY version DESC",
                rs -> parse(rs.getString(1)), assistantId);
    }

    @Override
    public synchronized boolean delete(String assistantId) {
        current.remove(assistantId);
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
        return JsonColumns.MAPPER.readValue(json.getBytes(StandardCharsets.UTF_8), Assistant.class);
    }
}
