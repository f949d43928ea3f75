package io.spool.storage.postgres;

import io.spool.storage.MultitaskStrategy;
import io.spool.storage.RunRecord;
import io.spool.storage.RunStatus;
import io.spool.storage.RunStore;
import io.spool.storage.sql.JsonColumns;
import io.spool.storage.sql.Micros;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

final class PgRunStore implements RunStore {

    private static final String COLUMNS = "run_id, thread_id, assistant_id, created_at, updated_at, status, metadata, "
            + "kwargs, multitask_strategy, attempt, stream_start";

    private final Pg db;

    PgRunStore(Pg db) {
        this.db = db;
    }

    @Override
    public void insert(RunRecord r) {
        db.update("INSERT INTO runs (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)", r.runId(), r.threadId(),
                r.assistantId(), Micros.of(r.createdAt()), Micros.of(r.updatedAt()), r.status().wire(),
                JsonColumns.write(r.metadata()), JsonColumns.write(r.kwargs()), strategy(r), r.attempt(),
                r.streamStart());
    }

    @Override
    public Optional<RunRecord> get(String runId) {
        return db.query("SELECT " + COLUMNS + " FROM runs WHERE run_id = ?", PgRunStore::row, runId)
                .stream().findFirst();
    }

    @Override
    public void update(RunRecord r) {
        db.update("UPDATE runs SET updated_at=?, status=?, metadata=?, kwargs=?, attempt=?, stream_start=? WHERE run_id=?",
                Micros.of(r.updatedAt()), r.status().wire(), JsonColumns.write(r.metadata()),
                JsonColumns.write(r.kwargs()), r.attempt(), r.streamStart(), r.runId());
    }

    @Override
    public boolean delete(String runId) {
        return db.update("DELETE FROM runs WHERE run_id = ?", runId) == 1;
    }

    @Override
    public List<RunRecord> listByThread(String threadId, int limit, int offset, RunStatus status) {
        String where = status == null ? "" : " AND status = ?";
        Object[] params = status == null ? new Object[] {threadId, limit, offset}
                : new Object[] {threadId, status.wire(), limit, offset};
        return db.query("SELECT " + COLUMNS + " FROM runs WHERE thread_id = ?" + where
                + " ORDER BY created_at DESC, run_id DESC LIMIT ? OFFSET ?", PgRunStore::row, params);
    }

    @Override
    public List<RunRecord> listByStatus(List<RunStatus> statuses) {
        String marks = String.join(",", Collections.nCopies(statuses.size(), "?"));
        return db.query("SELECT " + COLUMNS + " FROM runs WHERE status IN (" + marks
                + ") ORDER BY created_at, run_id", PgRunStore::row,
                statuses.stream().map(RunStatus::wire).toArray());
    }

    @Override
    public void deleteByThread(String threadId) {
        db.update("DELETE FROM runs WHERE thread_id = ?", threadId);
    }

    private static String strategy(RunRecord r) {
        return r.multitaskStrategy() == null ? null : r.multitaskStrategy().wire();
    }

    private static RunRecord row(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getString(1), rs.getString(2), rs.getString(3), Micros.instant(rs.getLong(4)),
                Micros.instant(rs.getLong(5)), RunStatus.of(rs.getString(6)), JsonColumns.map(rs.getString(7)),
                JsonColumns.map(rs.getString(8)), MultitaskStrategy.of(rs.getString(9)), rs.getInt(10), rs.getString(11));
    }
}
