package io.spool.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spool.storage.EventBus;
import io.spool.storage.EventId;
import io.spool.storage.LogReader;
import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.StreamEvent;
import io.spool.storage.ThreadDeletedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every backend's {@link EventBus} must do: one subclass per backend ({@code MemoryEventBusTest}, ...) says how
 * to open its storage and how to restart it on the same data.
 */
public abstract class EventBusContract {

    @TempDir
    protected Path dir;

    /** Opens the backend with these options (a tail of {@code options.tailCapacity()} events). */
    protected abstract Storage open(StorageOptions options);

    /** Closes {@code before} and opens the backend again on the same data, as a restarted process would. */
    protected abstract Storage restart(Storage before, StorageOptions options);

    private StorageOptions tail(int capacity) {
        return new StorageOptions(dir, capacity, Duration.ofSeconds(1), Map.of());
    }

    private static byte[] data(int i) {
        return ("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<StreamEvent> readAll(EventBus logs, String thread, EventId from) throws Exception {
        List<StreamEvent> out = new ArrayList<>();
        try (LogReader r = logs.reader(thread, from)) {
            List<StreamEvent> batch;
            while (!(batch = r.next(100, Duration.ZERO)).isEmpty()) out.addAll(batch);
        }
        return out;
    }

    @Test
    void readersSeeEveryEventInOrderFromTheTailAndFromTheStore() throws Exception {
        try (Storage s = open(tail(10))) {
            EventBus logs = s.eventBus();
            List<EventId> ids = new ArrayList<>();
            for (int i = 0; i < 250; i++) ids.add(logs.append("t", "r", "custom", data(i)).id());
            logs.flush();
            logs.append("t", "r", "custom", data(250)); // pushes the tail past its capacity once stored
            logs.flush(); // readers see events once they are stored

            List<StreamEvent> all = readAll(logs, "t", EventId.START);
            assertThat(all).hasSize(251);
            for (int i = 1; i < all.size(); i++) assertThat(all.get(i).id().after(all.get(i - 1).id())).isTrue();
            assertThat(all.get(100).dataText()).isEqualTo("{\"i\":100}");

            List<StreamEvent> fromMiddle = readAll(logs, "t", ids.get(124));
            assertThat(fromMiddle).hasSize(126);
            assertThat(fromMiddle.getFirst().id()).isEqualTo(ids.get(125));
        }
    }

    @Test
    void aRestartedLogContinuesTheIdSequence() throws Exception {
        Storage s = open(tail(100));
        EventId last;
        EventBus logs = s.eventBus();
        logs.append("t", "r", "custom", data(1));
        last = logs.appendDurable("t", "r", "metadata", data(2), true).id();
        s = restart(s, tail(100));
        try {
            logs = s.eventBus();
            assertThat(logs.lastId("t")).isEqualTo(last);
            assertThat(logs.append("t", "r", "custom", data(3)).id().after(last)).isTrue();
            logs.flush();
            List<StreamEvent> all = readAll(logs, "t", EventId.START);
            assertThat(all).hasSize(3);
            assertThat(all.get(1).runEnd()).isTrue();
        } finally {
            s.close();
        }
    }

    @Test
    void aWaitingReaderWakesOnAppendAndEndsWhenTheThreadIsDeleted() throws Exception {
        try (Storage s = open(tail(100))) {
            EventBus logs = s.eventBus();
            LogReader reader = logs.reader("t", logs.lastId("t"));
            CountDownLatch waiting = new CountDownLatch(1);
            List<StreamEvent> got = new ArrayList<>();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    waiting.countDown();
                    got.addAll(reader.next(10, Duration.ofSeconds(30)));
                    reader.next(10, Duration.ofSeconds(30));
                } catch (ThreadDeletedException expected) {
                    got.add(null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiting.await();
            logs.append("t", "r", "custom", data(1));
            while (got.isEmpty()) Thread.sleep(5);
            logs.deleteThread("t");
            t.join(10_000);
            assertThat(got).hasSize(2);
            assertThat(got.get(0).dataText()).isEqualTo("{\"i\":1}");
            assertThat(got.get(1)).isNull();
            assertThatThrownBy(() -> reader.next(1, Duration.ZERO)).isInstanceOf(ThreadDeletedException.class);
        }
    }

    @Test
    void concurrentWritersGetDistinctIncreasingIds() throws Exception {
        try (Storage s = open(tail(50))) {
            EventBus logs = s.eventBus();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int base = w * 1000;
                writers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 500; i++) logs.append("t", "r", "custom", data(base + i));
                }));
            }
            for (Thread w : writers) w.join();
            logs.flush();
            List<StreamEvent> all = readAll(logs, "t", EventId.START);
            assertThat(all).hasSize(2000);
            for (int i = 1; i < all.size(); i++) assertThat(all.get(i).id().after(all.get(i - 1).id())).isTrue();
        }
    }
}
