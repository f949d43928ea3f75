package io.spool.storage.postgres;

import io.spool.storage.ThreadQuery;
import io.spool.storage.ThreadRecord;
import io.spool.storage.ThreadStatus;
import io.spool.storage.ThreadStore;
import io.spool.storage.ThreadTtl;
import io.spool.storage.sql.JsonColumns;
import io.spool.storage.sql.Micros;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Threads; searches filter in Java, as the other backends do, so metadata matches compare JSON values alike. */
final class PgThreadStore implements ThreadStore {

    private static final String COLUMNS =
            "thread_id, created_at, updated_at, metadata, config, status, state_values, interrupts, ttl_strategy, "
                    + "ttl_minutes, expires_at";

    private final Pg db;

    PgThreadStore(Pg db) {
        this.db = db;
    }

    @Override
    public boolean insert(ThreadRecord t) {
        return db.update("INSERT INTO threads (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?) "
                        + "ON CONFLICT (thread_id) DO NOTHING",
                t.threadId(), Micros.of(t.createdAt()), Micros.of(t.updatedAt()), JsonColumns.write(t.metadata()),
                JsonColumns.write(t.config()), t.status().wire(), JsonColumns.write(t.values()),
                JsonColumns.write(t.interrupts()), strategy(t), minutes(t), expiresAt(t)) == 1;
    }

    @Override
    public Optional<ThreadRecord> get(String threadId) {
        return db.query("SELECT " + COLUMNS + " FROM threads WHERE thread_id = ?", PgThreadStore::row,
                threadId).stream().findFirst();
    }

    @Override
    public void update(ThreadRecord t) {
        db.update("UPDATE threads SET updated_at=?, metadata=?, config=?, status=?, state_values=?, interrupts=?, "
                        + "ttl_strategy=?, ttl_minutes=?, expires_at=? WHERE thread_id=?",
                Micros.of(t.updatedAt()), JsonColumns.write(t.metadata()), JsonColumns.write(t.config()),
                t.status().wire(), JsonColumns.write(t.values()), JsonColumns.write(t.interrupts()), strategy(t), minutes(t),
                expiresAt(t), t.threadId());
    }

    @Override
    public boolean delete(String threadId) {
        return db.update("DELETE FROM threads WHERE thread_id = ?", threadId) == 1;
    }

    // Metadata filters are applied here rather than in SQL: they compare JSON values of any type exactly as the
    // memory backend does. A jsonb column with a GIN index is the upgrade path when thread counts grow.
    @Override
    public List<ThreadRecord> search(ThreadQuery q) {
        return all().stream().filter(q::matches).sorted(q.order()).skip(q.offset()).limit(q.limit()).toList();
    }

    @Override
    public long count(ThreadQuery q) {
        return all().stream().filter(q::matches).count();
    }

    @Override
    public List<ThreadRecord> expired(Instant now, int limit) {
        return db.query("SELECT " + COLUMNS + " FROM threads WHERE expires_at <= ? AND status != 'busy' "
                + "ORDER BY expires_at LIMIT ?", PgThreadStore::row, Micros.of(now), limit);
    }

    private List<ThreadRecord> all() {
        return db.query("SELECT " + COLUMNS + " FROM threads ORDER BY created_at DESC", PgThreadStore::row);
    }

    private static ThreadRecord row(ResultSet rs) throws SQLException {
        return new ThreadRecord(rs.getString(1), Micros.instant(rs.getLong(2)), Micros.instant(rs.getLong(3)),
                JsonColumns.map(rs.getString(4)), JsonColumns.map(rs.getString(5)), ThreadStatus.of(rs.getString(6)),
                JsonColumns.map(rs.getString(7)), JsonColumns.map(rs.getString(8)),
                rs.getString(9) == null ? null : new ThreadTtl(rs.getString(9), rs.getDouble(10)));
    }

    private static String strategy(ThreadRecord t) {
        return t.ttl() == null ? null : t.ttl().strategy();
    }

    private static Double minutes(ThreadRecord t) {
        return t.ttl() == null ? null : t.ttl().minutes();
    }

    private static Long expiresAt(ThreadRecord t) {
        return t.ttl() == null ? null : Micros.of(t.expiresAt());
    }
}
