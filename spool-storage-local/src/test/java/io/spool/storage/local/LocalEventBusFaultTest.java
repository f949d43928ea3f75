package io.spool.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spool.storage.EventId;
import io.spool.storage.EventStore;
import io.spool.storage.LogReader;
import io.spool.storage.StorageUnavailableException;
import io.spool.storage.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The bus over a store that fails, as a full disk does: readers are given only what is stored, nothing queued is
 * dropped, appends are refused while the store fails, and all of it is stored and published once the store works.
 */
class LocalEventBusFaultTest {

    /** An event store in a list that fails every append while {@link #full} is set. */
    private static final class FlakyStore implements EventStore {
        final List<StreamEvent> stored = new CopyOnWriteArrayList<>();
        volatile boolean full;

        @Override
        public void append(List<Entry> batch) {
            if (full) throw new StorageUnavailableException("the disk is full", null);
            batch.forEach(e -> stored.add(e.event()));
        }

        @Override
        public List<StreamEvent> readAfter(String threadId, EventId after, int limit) {
            List<StreamEvent> out = new ArrayList<>();
            for (StreamEvent e : stored) if (e.id().after(after) && out.size() < limit) out.add(e);
            return out;
        }

        @Override
        public Optional<EventId> lastId(String threadId) {
            return stored.isEmpty() ? Optional.empty() : Optional.of(stored.getLast().id());
        }

        @Override
        public void deleteThread(String threadId) {
            stored.clear();
        }
    }

    private static byte[] data(int i) {
        return ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readersSeeOnlyStoredEventsAndNothingIsDroppedWhileTheStoreFails() throws Exception {
        FlakyStore store = new FlakyStore();
        try (LocalEventBus bus = new LocalEventBus(store, 1000);
             LogReader reader = bus.reader("t", EventId.START)) {
            bus.append("t", "r", "custom", data(0));
            bus.flush();
            assertThat(reader.next(10, Duration.ofSeconds(5))).hasSize(1);

            store.full = true;
            bus.append("t", "r", "custom", data(1)); // queued before the failure is known
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (bus.failure() == null && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(bus.failure()).isNotNull();
            assertThatThrownBy(() -> bus.append("t", "r", "custom", data(2)))
                    .isInstanceOf(StorageUnavailableException.class).hasMessageContaining("full");
            assertThat(reader.next(10, Duration.ofMillis(300))).as("not stored, so not shown").isEmpty();
            assertThat(bus.lastId("t")).isEqualTo(store.stored.getLast().id());

            store.full = false;
            List<StreamEvent> after = reader.next(10, Duration.ofSeconds(10));
            assertThat(after).extracting(StreamEvent::dataText).containsExactly("{\"i\":1}");
            assertThat(store.stored).hasSize(2);
            assertThat(bus.failure()).isNull();
            bus.append("t", "r", "custom", data(3));
            assertThat(reader.next(10, Duration.ofSeconds(5))).extracting(StreamEvent::dataText)
                    .containsExactly("{\"i\":3}");
        }
    }
}
