package io.spool.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spool.storage.EventId;
import io.spool.storage.EventStore;
import io.spool.storage.LogReader;
import io.spool.storage.StorageOptions;
import io.spool.storage.StreamEvent;
import io.spool.storage.ThreadDeletedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two storages on one database and one Redis, as two processes: what one writes, readers of the other see live. */
class SharedEventBusTest {

    @TempDir
    Path dir;

    private StorageOptions options;
    private PostgresStorage writer;
    private PostgresStorage other;

    @BeforeEach
    void open() {
        options = TestDatabase.create(new StorageOptions(dir));
        writer = new PostgresStorage(options);
        other = new PostgresStorage(options);
    }

    @AfterEach
    void close() {
        writer.close();
        other.close();
    }

    private static byte[] data(int i) {
        return ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** Reads until {@code count} events came, failing after 10 s. */
    private static List<StreamEvent> take(LogReader r, int count) throws InterruptedException {
        List<StreamEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (out.size() < count && System.nanoTime() < deadline) out.addAll(r.next(count, Duration.ofMillis(200)));
        return out;
    }

    @Test
    void aReaderInOneProcessGetsWhatAnotherWritesLiveInOrderWithItsIds() throws Exception {
        writer.eventBus().appendDurable("t", "r0", "metadata", data(-1), false); // before the reader joins
        try (LogReader r = other.eventBus().reader("t", EventId.START)) {
            List<EventId> written = new ArrayList<>();
            for (int i = 0; i < 300; i++) written.add(writer.eventBus().append("t", "r1", "custom", data(i)).id());
            writer.eventBus().flush();
            List<StreamEvent> read = take(r, 301);
            assertThat(read).hasSize(301);
            assertThat(read.subList(1, 301)).extracting(StreamEvent::id).containsExactlyElementsOf(written);
            assertThat(new String(read.get(300).data(), StandardCharsets.UTF_8)).isEqualTo("{\"i\":299}");
        }
        // the other process writes next (a run of the thread claimed there): its ids go on after the writer's
        EventId writersLast = writer.eventBus().lastId("t");
        assertThat(other.eventBus().appendDurable("t", "r2", "custom", data(1000), true).id().after(writersLast))
                .isTrue();
    }

    @Test
    void eventsThatNeverReachedRedisAreReadFromPostgres() throws Exception {
        try (LogReader r = other.eventBus().reader("t", EventId.START)) {
            EventId last = writer.eventBus().appendDurable("t", "r", "custom", data(0), false).id();
            assertThat(take(r, 1)).hasSize(1);
            // stored while Redis was away: in PostgreSQL only
            List<EventId> written = new ArrayList<>();
            List<EventStore.Entry> lost = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                last = last.next(System.currentTimeMillis());
                written.add(last);
                lost.add(new EventStore.Entry("t", new StreamEvent(last, "r", "custom", data(i), false)));
            }
            writer.events().append(lost);
            ((RedisEventBus) writer.eventBus()).catchUp("t");
            written.add(writer.eventBus().appendDurable("t", "r", "custom", data(51), true).id());
            List<StreamEvent> read = take(r, 51);
            assertThat(read).extracting(StreamEvent::id).containsExactlyElementsOf(written);
        }
    }

    @Test
    void deletingAThreadEndsItsReadersInEveryProcess() throws Exception {
        writer.eventBus().appendDurable("t", "r", "custom", data(0), false);
        try (LogReader r = other.eventBus().reader("t", EventId.START)) {
            assertThat(take(r, 1)).hasSize(1);
            writer.eventBus().deleteThread("t");
            assertThatThrownBy(() -> take(r, 1)).isInstanceOf(ThreadDeletedException.class);
        }
    }
}
