package io.spool.storage.postgres;

import io.spool.graph.Checkpoint;
import io.spool.graph.Interrupt;
import io.spool.storage.CheckpointStore;
import io.spool.storage.sql.JsonColumns;
import io.spool.storage.sql.Micros;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class PgCheckpointStore implements CheckpointStore {

    private static final String COLUMNS =
            "thread_id, checkpoint_id, parent_id, state_values, next, metadata, interrupts, runtime, created_at";

    private final Pg db;

    PgCheckpointStore(Pg db) {
        this.db = db;
    }

    @Override
    public void put(Checkpoint c) {
        Object runId = c.metadata().get("run_id");
        db.update("INSERT INTO checkpoints (" + COLUMNS + ", run_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
                c.threadId(), c.checkpointId(), c.parentCheckpointId(), JsonColumns.write(c.values()),
                JsonColumns.write(c.next()), JsonColumns.write(c.metadata()), JsonColumns.write(c.interrupts()),
                JsonColumns.write(c.runtime()), Micros.of(c.createdAt()), runId == null ? null : runId.toString());
    }

    @Override
    public void updatePending(Checkpoint c) {
        db.update("UPDATE checkpoints SET interrupts = ?, runtime = ? WHERE thread_id = ? AND checkpoint_id = ?",
                JsonColumns.write(c.interrupts()), JsonColumns.write(c.runtime()), c.threadId(), c.checkpointId());
    }

    @Override
    public Optional<Checkpoint> latest(String threadId) {
        return db.query("SELECT " + COLUMNS + " FROM checkpoints WHERE thread_id = ? ORDER BY seq DESC LIMIT 1",
                PgCheckpointStore::row, threadId).stream().findFirst();
    }

    @Override
    public Optional<Checkpoint> get(String threadId, String checkpointId) {
        return db.query("SELECT " + COLUMNS + " FROM checkpoints WHERE thread_id = ? AND checkpoint_id = ?",
                PgCheckpointStore::row, threadId, checkpointId).stream().findFirst();
    }

    @Override
    public List<Checkpoint> list(String threadId, int limit, String beforeId) {
        if (beforeId == null) {
            return db.query("SELECT " + COLUMNS + " FROM checkpoints WHERE thread_id = ? ORDER BY seq DESC LIMIT ?",
                    PgCheckpointStore::row, threadId, limit);
        }
        return db.query("SELECT " + COLUMNS + " FROM checkpoints WHERE thread_id = ? AND seq < "
                        + "(SELECT seq FROM checkpoints WHERE thread_id = ? AND checkpoint_id = ?) ORDER BY seq DESC LIMIT ?",
                PgCheckpointStore::row, threadId, threadId, beforeId, limit);
    }

    @Override
    public void deleteByThread(String threadId) {
        db.update("DELETE FROM checkpoints WHERE thread_id = ?", threadId);
    }

    @Override
    public void keepOnly(String threadId, String checkpointId) {
        db.update("DELETE FROM checkpoints WHERE thread_id = ? AND checkpoint_id != ?", threadId, checkpointId);
    }

    @Override
    public void deleteByRun(String threadId, String runId) {
        db.update("DELETE FROM checkpoints WHERE thread_id = ? AND run_id = ?", threadId, runId);
    }

    @SuppressWarnings("unchecked")
    private static Checkpoint row(ResultSet rs) throws SQLException {
        List<Interrupt> interrupts = new ArrayList<>();
        for (Object o : JsonColumns.list(rs.getString(7))) {
            Map<String, Object> m = (Map<String, Object>) o;
            interrupts.add(new Interrupt((String) m.get("id"), m.get("value"), (String) m.get("node")));
        }
        List<String> next = (List<String>) (List<?>) JsonColumns.list(rs.getString(5));
        return new Checkpoint(rs.getString(1), rs.getString(2), rs.getString(3), JsonColumns.map(rs.getString(4)),
                next, JsonColumns.map(rs.getString(6)), interrupts, JsonColumns.map(rs.getString(8)),
                Micros.instant(rs.getLong(9)));
    }
}
