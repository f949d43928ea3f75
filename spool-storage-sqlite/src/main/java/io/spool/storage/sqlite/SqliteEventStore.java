package io.spool.storage.sqlite;

import io.spool.storage.EventId;
import io.spool.storage.EventStore;
import io.spool.storage.StreamEvent;
import io.spool.storage.local.EventChunk;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Events stored as {@link EventChunk}s keyed by (thread, id of the chunk's last event): resuming anywhere in a long log
 * is one index seek and the decoding of one chunk.
 */
final class SqliteEventStore implements EventStore {

    private static final String INSERT = "INSERT INTO event_chunks (thread_id, last_ms, last_seq, body) VALUES (?,?,?,?)";

    private final Sql writer;
    private final Sql reader;
    /**
     * Log reads from the store (replays, resumes) share all but one read connection, taking turns in order, so a
     * crowd of replays never leaves other requests' reads waiting for a connection.
     */
    private final Semaphore logReads;

    SqliteEventStore(Sql writer, Sql reader, int readConnections) {
        this.writer = writer;
        this.reader = reader;
        this.logReads = new Semaphore(Math.max(1, readConnections - 1), true);
    }

    @Override
    public void append(List<Entry> batch) {
        Map<String, List<StreamEvent>> byThread = new LinkedHashMap<>();
        for (Entry e : batch) byThread.computeIfAbsent(e.threadId(), t -> new ArrayList<>()).add(e.event());
        writer.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (Map.Entry<String, List<StreamEvent>> thread : byThread.entrySet()) {
                    insertChunks(ps, thread.getKey(), thread.getValue());
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    private static void insertChunks(PreparedStatement ps, String threadId, List<StreamEvent> events)
            throws SQLException {
        for (List<StreamEvent> chunk : EventChunk.split(events)) {
            EventId last = chunk.getLast().id();
            ps.setString(1, threadId);
            ps.setLong(2, last.ms());
            ps.setLong(3, last.seq());
            ps.setBytes(4, EventChunk.encode(chunk));
            ps.addBatch();
        }
    }

    /** Returns every event after {@code after} of the chunks it reads: {@code limit} or more (up to a chunk more). */
    @Override
    public List<StreamEvent> readAfter(String threadId, EventId after, int limit) {
        List<StreamEvent> out = new ArrayList<>();
        logReads.acquireUninterruptibly();
        try {
            readChunks(threadId, after, limit, out);
        } finally {
            logReads.release();
        }
        return out;
    }

    private void readChunks(String threadId, EventId after, int limit, List<StreamEvent> out) {
        // chunks are read one row at a time: each can be large, and the first one or two usually suffice
        reader.scan("SELECT body FROM event_chunks WHERE thread_id = ? AND (last_ms, last_seq) > (?, ?) "
                + "ORDER BY last_ms, last_seq", rs -> {
                    EventChunk.decodeAfter(rs.getBytes(1), after, out);
                    return out.size() < limit;
                }, threadId, after.ms(), after.seq());
    }

    @Override
    public Optional<EventId> lastId(String threadId) {
        return reader.query("SELECT last_ms, last_seq FROM event_chunks WHERE thread_id = ? "
                        + "ORDER BY last_ms DESC, last_seq DESC LIMIT 1",
                rs -> new EventId(rs.getLong(1), rs.getLong(2)), threadId).stream().findFirst();
    }

    @Override
    public void deleteThread(String threadId) {
        writer.update("DELETE FROM event_chunks WHERE thread_id = ?", threadId);
    }

    /**
     * Moves the events of a data directory written before events were chunked (a row per event in {@code events})
     * into chunks, in one transaction, and drops the old table.
     */
    static void migrateRowPerEvent(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet exists = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'")) {
            if (!exists.next()) return;
        }
        Sql.inTransaction(c, tx -> {
            try (Statement s = tx.createStatement(); PreparedStatement ps = tx.prepareStatement(INSERT);
                 ResultSet rs = s.executeQuery("SELECT thread_id, ms, seq, run_id, event, data, run_end FROM events "
                         + "ORDER BY thread_id, ms, seq")) {
                String thread = null;
                List<StreamEvent> events = new ArrayList<>();
                while (rs.next()) {
                    if (!rs.getString(1).equals(thread)) {
                        if (thread != null) insertChunks(ps, thread, events);
                        thread = rs.getString(1);
                        events = new ArrayList<>();
                    }
                    events.add(new StreamEvent(new EventId(rs.getLong(2), rs.getLong(3)), rs.getString(4),
                            rs.getString(5), rs.getBytes(6), rs.getInt(7) == 1));
                }
                if (thread != null) insertChunks(ps, thread, events);
                ps.executeBatch();
                s.execute("DROP TABLE events");
            }
            return null;
        });
    }
}
