package io.spool.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.storage.EventId;
import io.spool.storage.EventStore;
import io.spool.storage.StreamEvent;
import io.spool.storage.local.EventChunk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventStoreTest {

    @TempDir
    Path dir;

    private static StreamEvent event(long ms, long seq, String runId, String name, String data, boolean runEnd) {
        return new StreamEvent(new EventId(ms, seq), runId, name, data.getBytes(StandardCharsets.UTF_8), runEnd);
    }

    /** Events of two threads, interleaved in batches, with every field varying the way chunk encoding cares about. */
    private static List<StreamEvent> thread(String tag, int n) {
        List<StreamEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String run = i % 1000 == 999 ? null : "run-" + (i / 3000) + "-é";
            String name = i % 7 == 0 ? "updates|sub:ü" : "custom";
            out.add(event(1_700_000_000_000L + i / 10, i % 10, run, name, "{\"" + tag + "\":" + i + "}", i % 3000 == 2999));
        }
        return out;
    }

    private static void assertSame(List<StreamEvent> actual, List<StreamEvent> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            StreamEvent a = actual.get(i);
            StreamEvent e = expected.get(i);
            assertThat(a.id()).isEqualTo(e.id());
            assertThat(a.runId()).isEqualTo(e.runId());
            assertThat(a.event()).isEqualTo(e.event());
            assertThat(a.dataText()).isEqualTo(e.dataText());
            assertThat(a.runEnd()).isEqualTo(e.runEnd());
        }
    }

    private static List<StreamEvent> readAll(EventStore store, String thread, EventId after, int limit) {
        List<StreamEvent> out = new ArrayList<>();
        List<StreamEvent> batch;
        while (!(batch = store.readAfter(thread, after, limit)).isEmpty()) {
            assertThat(batch.size()).isLessThanOrEqualTo(limit + EventChunk.MAX_EVENTS);
            out.addAll(batch);
            after = batch.getLast().id();
        }
        return out;
    }

    @Test
    void everySuffixOfEveryThreadReadsBackExactly() {
        List<StreamEvent> a = thread("a", 10_000);
        List<StreamEvent> b = thread("b", 300);
        try (SqliteStorage s = new SqliteStorage(dir)) {
            EventStore store = s.events();
            int[] batchSizes = {1, 5000, 1, 2, 4999, 7};
            int ia = 0;
            int ib = 0;
            for (int k = 0; ia < a.size(); k++) {
                int n = Math.min(batchSizes[k % batchSizes.length], a.size() - ia);
                List<EventStore.Entry> batch = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    batch.add(new EventStore.Entry("a", a.get(ia++)));
                    if (ib < b.size()) batch.add(new EventStore.Entry("b", b.get(ib++)));
                }
                store.append(batch);
            }
            assertThat(store.lastId("a")).contains(a.getLast().id());
            assertThat(store.lastId("b")).contains(b.getLast().id());
            assertThat(store.lastId("none")).isEmpty();

            assertSame(readAll(store, "a", EventId.START, 100), a);
            assertSame(readAll(store, "b", EventId.START, 2048), b);
            for (int from : new int[] {0, 1, 4095, 4096, 5000, 5001, 9998}) {
                assertSame(readAll(store, "a", a.get(from).id(), 2048), a.subList(from + 1, a.size()));
            }
            assertThat(store.readAfter("a", a.getLast().id(), 10)).isEmpty();

            store.deleteThread("a");
            assertThat(store.readAfter("a", EventId.START, 10)).isEmpty();
            assertSame(readAll(store, "b", EventId.START, 50), b);
        }
    }

    @Test
    void aDataDirectoryWithARowPerEventIsMigratedToChunks() throws Exception {
        List<StreamEvent> a = thread("a", 5000);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("spool.db"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (thread_id TEXT NOT NULL, ms INTEGER NOT NULL, seq INTEGER NOT NULL, "
                    + "run_id TEXT, event TEXT NOT NULL, data BLOB NOT NULL, run_end INTEGER NOT NULL, "
                    + "PRIMARY KEY (thread_id, ms, seq)) WITHOUT ROWID");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO events VALUES (?,?,?,?,?,?,?)")) {
                for (StreamEvent e : a) {
                    ps.setString(1, "old");
                    ps.setLong(2, e.id().ms());
                    ps.setLong(3, e.id().seq());
                    ps.setString(4, e.runId());
                    ps.setString(5, e.event());
                    ps.setBytes(6, e.data());
                    ps.setInt(7, e.runEnd() ? 1 : 0);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (SqliteStorage s = new SqliteStorage(dir)) {
            assertSame(readAll(s.events(), "old", EventId.START, 2048), a);
            assertThat(s.events().lastId("old")).contains(a.getLast().id());
        }
        try (SqliteStorage s = new SqliteStorage(dir)) { // a second open finds nothing left to migrate
            assertSame(readAll(s.events(), "old", EventId.START, 2048), a);
        }
    }
}
