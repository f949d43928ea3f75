package io.spool.storage.sqlite;

import io.spool.storage.EventStore;
import io.spool.stream.EventId;
import io.spool.stream.StreamEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Events keyed by (thread, ms, seq): resuming anywhere in a long log is one index seek. */
final class SqliteEventStore implements EventStore {

    private final Sql writer;
    private final Sql reader;

    SqliteEventStore(Sql writer, Sql reader) {
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    public void append(List<Entry> batch) {
        writer.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO events (thread_id, ms, seq, run_id, event, data, run_end) VALUES (?,?,?,?,?,?,?)")) {
                for (Entry e : batch) {
                    StreamEvent ev = e.event();
                    ps.setString(1, e.threadId());
                    ps.setLong(2, ev.id().ms());
                    ps.setLong(3, ev.id().seq());
                    ps.setString(4, ev.runId());
                    ps.setString(5, ev.event());
                    ps.setBytes(6, ev.data());
                    ps.setInt(7, ev.runEnd() ? 1 : 0);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<StreamEvent> readAfter(String threadId, EventId after, int limit) {
        return reader.query("SELECT ms, seq, run_id, event, data, run_end FROM events "
                        + "WHERE thread_id = ? AND (ms, seq) > (?, ?) ORDER BY ms, seq LIMIT ?",
                SqliteEventStore::row, threadId, after.ms(), after.seq(), limit);
    }

    @Override
    public Optional<EventId> lastId(String threadId) {
        return reader.query("SELECT ms, seq FROM events WHERE thread_id = ? ORDER BY ms DESC, seq DESC LIMIT 1",
                rs -> new EventId(rs.getLong(1), rs.getLong(2)), threadId).stream().findFirst();
    }

    @Override
    public void deleteThread(String threadId) {
        writer.update("DELETE FROM events WHERE thread_id = ?", threadId);
    }

    private static StreamEvent row(ResultSet rs) throws SQLException {
        return new StreamEvent(new EventId(rs.getLong(1), rs.getLong(2)), rs.getString(3), rs.getString(4),
                rs.getBytes(5), rs.getInt(6) == 1);
    }
}
