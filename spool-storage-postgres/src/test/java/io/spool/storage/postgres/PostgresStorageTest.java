package io.spool.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spool.storage.EventId;
import io.spool.storage.EventStore;
import io.spool.storage.StorageOptions;
import io.spool.storage.StorageUnavailableException;
import io.spool.storage.StreamEvent;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresStorageTest {

    @TempDir
    Path dir;

    @Test
    void urlsOfEveryAcceptedShapeNameTheSameDatabase() {
        PgUrl a = PgUrl.parse("postgresql://alice:s%40cret@db.example:6543/spool?sslmode=disable", null, null);
        assertThat(a.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/spool?sslmode=disable");
        assertThat(a.user()).isEqualTo("alice");
        assertThat(a.password()).isEqualTo("s@cret");
        PgUrl b = PgUrl.parse("jdbc:postgresql://db.example/spool", "bob", "pw");
        assertThat(b.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5432/spool");
        assertThat(b.user()).isEqualTo("bob");
        assertThat(PgUrl.parse("postgres://alice@h/d", "bob", null).user()).isEqualTo("bob");
        assertThatThrownBy(() -> PgUrl.parse("mysql://h/d", null, null)).hasMessageContaining("postgresql://");
    }

    @Test
    void anUnreachableDatabaseOrRedisIsOneClearError() throws Exception {
        StorageOptions ok = TestDatabase.create(new StorageOptions(dir));
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Map<String, String> noDb = new HashMap<>(ok.settings());
        noDb.put("postgres-url", "postgresql://postgres@127.0.0.1:" + closed + "/spool");
        assertThatThrownBy(() -> new PostgresStorage(withSettings(noDb)))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageStartingWith("cannot reach PostgreSQL at 127.0.0.1:" + closed + "/spool");
        Map<String, String> noRedis = new HashMap<>(ok.settings());
        noRedis.put("redis-url", "redis://127.0.0.1:" + closed);
        assertThatThrownBy(() -> new PostgresStorage(withSettings(noRedis)))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageStartingWith("cannot reach Redis at redis://127.0.0.1:" + closed);
    }

    @Test
    void chunkedEventsReadBackFromAnyCursor() {
        try (PostgresStorage s = new PostgresStorage(TestDatabase.create(new StorageOptions(dir)))) {
            EventStore store = s.events();
            List<StreamEvent> all = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                all.add(new StreamEvent(new EventId(1_700_000_000_000L + i / 10, i % 10), i % 100 == 99 ? null : "r",
                        i % 7 == 0 ? "updates" : "custom", ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8),
                        i == 4999));
            }
            for (int from = 0; from < all.size(); from += 1250) {
                store.append(all.subList(from, from + 1250).stream().map(e -> new EventStore.Entry("t", e)).toList());
            }
            assertThat(store.lastId("t")).contains(all.getLast().id());
            for (int from : new int[] {0, 1249, 1250, 4998}) {
                List<StreamEvent> got = new ArrayList<>();
                EventId cursor = all.get(from).id();
                List<StreamEvent> batch;
                while (!(batch = store.readAfter("t", cursor, 100)).isEmpty()) {
                    got.addAll(batch);
                    cursor = batch.getLast().id();
                }
                assertThat(got).extracting(StreamEvent::dataText)
                        .containsExactlyElementsOf(all.subList(from + 1, all.size()).stream()
                                .map(StreamEvent::dataText).toList());
            }
            assertThat(store.readAfter("t", EventId.START, 1).getFirst().runId()).isEqualTo("r");
            store.deleteThread("t");
            assertThat(store.lastId("t")).isEmpty();
        }
    }

    private StorageOptions withSettings(Map<String, String> settings) {
        return new StorageOptions(dir, 100, java.time.Duration.ofSeconds(1), settings);
    }
}
