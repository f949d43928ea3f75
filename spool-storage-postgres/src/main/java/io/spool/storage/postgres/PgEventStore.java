package io.spool.storage.postgres;

import io.spool.storage.EventId;
import io.spool.storage.EventStore;
import io.spool.storage.StreamEvent;
import io.spool.storage.local.EventChunk;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable copy of the thread logs, as {@link EventChunk}s keyed by (thread, id of the chunk's last event), the
 * layout of the SQLite file: a batch of the log writer is one insert per thread, a resume one index seek.
 */
final class PgEventStore implements EventStore {

    private static final String INSERT = "INSERT INTO event_chunks (thread_id, last_ms, last_seq, body) VALUES (?,?,?,?)";

    private final Pg db;

    PgEventStore(Pg db) {
        this.db = db;
    }

    @Override
    public void append(List<Entry> batch) {
        Map<String, List<StreamEvent>> byThread = new LinkedHashMap<>();
        for (Entry e : batch) byThread.computeIfAbsent(e.threadId(), t -> new ArrayList<>()).add(e.event());
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Map.Entry<String, List<StreamEvent>> thread : byThread.entrySet()) {
                    for (List<StreamEvent> chunk : EventChunk.split(thread.getValue())) {
                        EventId last = chunk.getLast().id();
                        ps.setString(1, thread.getKey());
                        ps.setLong(2, last.ms());
                        ps.setLong(3, last.seq());
                        ps.setBytes(4, EventChunk.encode(chunk));
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Every event after {@code after} of the chunks it reads: {@code limit} or more (up to a chunk more). */
    @Override
    public List<StreamEvent> readAfter(String threadId, EventId after, int limit) {
        List<StreamEvent> out = new ArrayList<>();
        db.scan("SELECT body FROM event_chunks WHERE thread_id = ? AND (last_ms, last_seq) > (?, ?) "
                + "ORDER BY last_ms, last_seq", rs -> {
                    EventChunk.decodeAfter(rs.getBytes(1), after, out);
                    return out.size() < limit;
                }, threadId, after.ms(), after.seq());
        return out;
    }

    @Override
    public Optional<EventId> lastId(String threadId) {
        return db.query("SELECT last_ms, last_seq FROM event_chunks WHERE thread_id = ? "
                        + "ORDER BY last_ms DESC, last_seq DESC LIMIT 1",
                rs -> new EventId(rs.getLong(1), rs.getLong(2)), threadId).stream().findFirst();
    }

    @Override
    public void deleteThread(String threadId) {
        db.update("DELETE FROM event_chunks WHERE thread_id = ?", threadId);
    }
}
