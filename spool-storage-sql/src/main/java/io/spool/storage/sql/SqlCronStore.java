package io.spool.storage.sql;

import static io.spool.storage.sql.Statements.prepare;

import io.spool.storage.CronQuery;
import io.spool.storage.CronRecord;
import io.spool.storage.CronStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Crons in {@code crons}, in SQL that SQLite and PostgreSQL both speak. Searches narrow by the indexed columns in
 * SQL and match metadata, sort and page in Java ({@link CronQuery}), as a deployment has few crons. A claim is one
 * {@code UPDATE ... WHERE next_run_date = expected}: the database decides which of the racing processes wins.
 */
public final class SqlCronStore implements CronStore {

    private static final String COLUMNS = "cron_id, assistant_id, thread_id, user_id, schedule, timezone, end_time, "
            + "enabled, on_run_completed, payload, metadata, next_run_date, created_at, updated_at";

    private final SqlAccess db;

    public SqlCronStore(SqlAccess db) {
        this.db = db;
    }

    @Override
    public boolean insert(CronRecord c) {
        return db.write(conn -> Statements.update(conn, "INSERT INTO crons (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                        + "ON CONFLICT (cron_id) DO NOTHING", c.cronId(), c.assistantId(), c.threadId(), c.userId(),
                c.schedule(), c.timezone(), micros(c.endTime()), c.enabled(), c.onRunCompleted(),
                JsonColumns.write(c.payload()), JsonColumns.write(c.metadata()), micros(c.nextRunDate()),
                Micros.of(c.createdAt()), Micros.of(c.updatedAt())) == 1);
    }

    @Override
    public Optional<CronRecord> get(String cronId) {
        return select("cron_id = ?", List.of(cronId)).stream().findFirst();
    }

    @Override
    public boolean update(CronRecord c) {
        return db.write(conn -> Statements.update(conn, "UPDATE crons SET assistant_id = ?, thread_id = ?, user_id = ?, "
                        + "schedule = ?, timezone = ?, end_time = ?, enabled = ?, on_run_completed = ?, payload = ?, "
                        + "metadata = ?, created_at = ?, updated_at = ? WHERE cron_id = ?", c.assistantId(),
                c.threadId(), c.userId(), c.schedule(), c.timezone(), micros(c.endTime()), c.enabled(),
                c.onRunCompleted(), JsonColumns.write(c.payload()), JsonColumns.write(c.metadata()),
                Micros.of(c.createdAt()), Micros.of(c.updatedAt()), c.cronId()) == 1);
    }

    @Override
    public boolean reschedule(String cronId, Instant next) {
        return db.write(conn -> Statements.update(conn, "UPDATE crons SET next_run_date = ? WHERE cron_id = ?", micros(next),
                cronId) == 1);
    }

    @Override
    public boolean delete(String cronId) {
        return db.write(conn -> Statements.update(conn, "DELETE FROM crons WHERE cron_id = ?", cronId) == 1);
    }

    @Override
    public int deleteByThread(String threadId) {
        return db.write(conn -> Statements.update(conn, "DELETE FROM crons WHERE thread_id = ?", threadId));
    }

    @Override
    public List<CronRecord> search(CronQuery query) {
        return query.page(candidates(query));
    }

    @Override
    public long count(CronQuery query) {
        return candidates(query).stream().filter(query::matches).count();
    }

    /** The crons the query's column criteria allow; its metadata is matched by the caller. */
    private List<CronRecord> candidates(CronQuery q) {
        List<String> where = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (q.assistantId() != null) {
            where.add("assistant_id = ?");
            params.add(q.assistantId());
        }
        if (q.threadId() != null) {
            where.add("thread_id = ?");
            params.add(q.threadId());
        }
        if (q.enabled() != null) {
            where.add("enabled = ?");
            params.add(q.enabled());
        }
        return select(where.isEmpty() ? "1 = 1" : String.join(" AND ", where), params);
    }

    @Override
    public List<CronRecord> due(Instant now, int limit) {
        return select("enabled = ? AND next_run_date IS NOT NULL AND next_run_date <= ? ORDER BY next_run_date LIMIT ?",
                List.of(true, Micros.of(now), limit));
    }

    @Override
    public boolean claim(String cronId, Instant expected, Instant next) {
        if (expected == null) return false; // nothing to fire
        return db.write(conn -> Statements.update(conn, "UPDATE crons SET next_run_date = ? WHERE cron_id = ? "
                + "AND next_run_date = ? AND enabled = ?", micros(next), cronId, Micros.of(expected), true) == 1);
    }

    private List<CronRecord> select(String where, List<Object> params) {
        return db.read(c -> {
            try (PreparedStatement ps = prepare(c, "SELECT " + COLUMNS + " FROM crons WHERE " + where,
                    params.toArray()); ResultSet rs = ps.executeQuery()) {
                List<CronRecord> out = new ArrayList<>();
                while (rs.next()) out.add(row(rs));
                return out;
            }
        });
    }

    private static CronRecord row(ResultSet rs) throws SQLException {
        return new CronRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), instant(rs, 7), rs.getBoolean(8), rs.getString(9), JsonColumns.map(rs.getString(10)),
                JsonColumns.map(rs.getString(11)), instant(rs, 12), Micros.instant(rs.getLong(13)),
                Micros.instant(rs.getLong(14)));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column) instanceof Number n ? Micros.instant(n.longValue()) : null;
    }

    private static Long micros(Instant i) {
        return i == null ? null : Micros.of(i);
    }
}
