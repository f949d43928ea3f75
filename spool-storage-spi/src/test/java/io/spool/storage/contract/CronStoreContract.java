package io.spool.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.storage.CronQuery;
import io.spool.storage.CronRecord;
import io.spool.storage.CronStore;
import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every backend's {@link CronStore} must do: one subclass per backend says how to open its storage. */
public abstract class CronStoreContract {

    @TempDir
    protected Path dir;

    private Storage storage;
    private CronStore crons;
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    protected abstract Storage open(StorageOptions options);

    @BeforeEach
    void openStorage() {
        storage = open(new StorageOptions(dir));
        crons = storage.crons();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private CronRecord cron(String assistant, String thread, Instant next, Instant created, Map<String, Object> md) {
        return new CronRecord(UUID.randomUUID().toString(), assistant, thread, "alice", "*/5 * * * *",
                "Europe/Paris", t0.plus(7, ChronoUnit.DAYS), true, "keep", Map.of("input", Map.of("x", 1)), md, next,
                created, created);
    }

    @Test
    void insertGetUpdateAndDelete() {
        CronRecord c = cron("a1", null, t0.plusSeconds(60), t0, Map.of("k", "v"));
        assertThat(crons.insert(c)).isTrue();
        assertThat(crons.insert(c)).isFalse();
        assertThat(crons.get(c.cronId())).contains(c);
        assertThat(crons.get(UUID.randomUUID().toString())).isEmpty();

        CronRecord changed = new CronRecord(c.cronId(), "a2", null, "alice", "0 9 * * 1", "UTC", null, false,
                "delete", Map.of("input", Map.of("y", 2)), Map.of("k", "w"), t0.plusSeconds(999), c.createdAt(),
                t0.plusSeconds(5));
        assertThat(crons.update(changed)).isTrue();
        // every field but next_run_date, which only claim and reschedule move
        assertThat(crons.get(c.cronId())).contains(changed.withNextRunDate(c.nextRunDate()));
        assertThat(crons.reschedule(c.cronId(), t0.plusSeconds(120))).isTrue();
        assertThat(crons.get(c.cronId()).orElseThrow().nextRunDate()).isEqualTo(t0.plusSeconds(120));
        assertThat(crons.reschedule(c.cronId(), null)).isTrue();
        assertThat(crons.get(c.cronId()).orElseThrow().nextRunDate()).isNull();

        assertThat(crons.delete(c.cronId())).isTrue();
        assertThat(crons.delete(c.cronId())).isFalse();
        assertThat(crons.get(c.cronId())).isEmpty();
        assertThat(crons.update(changed)).isFalse();
        assertThat(crons.reschedule(c.cronId(), t0)).isFalse();
    }

    @Test
    void searchFiltersSortsAndPages() {
        CronRecord a = cron("a1", "t1", t0.plusSeconds(30), t0, Map.of("team", "x"));
        CronRecord b = cron("a1", null, t0.plusSeconds(10), t0.plusSeconds(1), Map.of("team", "y"));
        CronRecord c = cron("a2", "t1", t0.plusSeconds(20), t0.plusSeconds(2), Map.of("team", "x"));
        for (CronRecord r : List.of(a, b, c)) crons.insert(r);
        crons.update(new CronRecord(c.cronId(), c.assistantId(), c.threadId(), c.userId(), c.schedule(), c.timezone(),
                c.endTime(), false, c.onRunCompleted(), c.payload(), c.metadata(), null, c.createdAt(),
                c.updatedAt()));

        assertThat(ids(new CronQuery(null, null, null, null, 10, 0, null, null))).containsExactly(c.cronId(),
                b.cronId(), a.cronId());
        assertThat(ids(new CronQuery("a1", null, null, null, 10, 0, null, "asc"))).containsExactly(a.cronId(),
                b.cronId());
        assertThat(ids(new CronQuery(null, "t1", null, null, 10, 0, null, null))).containsExactly(c.cronId(),
                a.cronId());
        assertThat(ids(new CronQuery(null, null, false, null, 10, 0, null, null))).containsExactly(c.cronId());
        assertThat(ids(new CronQuery(null, null, null, Map.of("team", "x"), 10, 0, null, null)))
                .containsExactly(c.cronId(), a.cronId());
        assertThat(ids(new CronQuery(null, null, null, null, 10, 0, "next_run_date", "asc")))
                .containsExactly(b.cronId(), c.cronId(), a.cronId());
        assertThat(ids(new CronQuery(null, null, null, null, 1, 1, null, null))).containsExactly(b.cronId());
        assertThat(crons.count(new CronQuery(null, "t1", null, null, 1, 0, null, null))).isEqualTo(2);
        assertThat(crons.count(new CronQuery(null, null, null, Map.of("team", "y"), 10, 0, null, null)))
                .isEqualTo(1);

        assertThat(crons.deleteByThread("t1")).isEqualTo(2);
        assertThat(ids(CronQuery.all())).containsExactly(b.cronId());
    }

    private List<String> ids(CronQuery q) {
        return crons.search(q).stream().map(CronRecord::cronId).toList();
    }

    @Test
    void dueListsEnabledCronsWhoseSlotHasCome() {
        CronRecord late = cron("a", null, t0.minusSeconds(120), t0, null);
        CronRecord now = cron("a", null, t0, t0, null);
        CronRecord later = cron("a", null, t0.plusSeconds(60), t0, null);
        CronRecord ended = cron("a", null, null, t0, null);
        CronRecord paused = cron("a", null, t0.minusSeconds(60), t0, null);
        for (CronRecord r : List.of(late, now, later, ended, paused)) crons.insert(r);
        crons.update(new CronRecord(paused.cronId(), "a", null, "alice", paused.schedule(), "UTC", null, false,
                "keep", Map.of(), Map.of(), null, t0, t0));
        assertThat(crons.due(t0, 10)).extracting(CronRecord::cronId).containsExactly(late.cronId(), now.cronId());
        assertThat(crons.due(t0, 1)).extracting(CronRecord::cronId).containsExactly(late.cronId());
    }

    @Test
    void claimIsCompareAndSet() {
        CronRecord c = cron("a", null, t0, t0, null);
        crons.insert(c);
        assertThat(crons.claim(c.cronId(), t0, t0.plusSeconds(300))).isTrue();
        assertThat(crons.claim(c.cronId(), t0, t0.plusSeconds(300))).isFalse(); // the slot is taken
        assertThat(crons.get(c.cronId()).orElseThrow().nextRunDate()).isEqualTo(t0.plusSeconds(300));
        assertThat(crons.claim(c.cronId(), t0.plusSeconds(300), null)).isTrue(); // the last slot
        assertThat(crons.get(c.cronId()).orElseThrow().nextRunDate()).isNull();
        assertThat(crons.claim(UUID.randomUUID().toString(), t0, t0)).isFalse();

        CronRecord paused = cron("a", null, t0, t0, null);
        crons.insert(paused);
        crons.update(new CronRecord(paused.cronId(), "a", null, "alice", paused.schedule(), "UTC", null, false,
                "keep", Map.of(), Map.of(), null, t0, t0));
        assertThat(crons.claim(paused.cronId(), t0, t0.plusSeconds(60))).as("paused meanwhile").isFalse();
    }

    @Test
    void racingClaimsForOneSlotHaveOneWinner() throws Exception {
        int slots = 20;
        int racers = 4;
        CronRecord c = cron("a", null, t0, t0, null);
        crons.insert(c);
        AtomicInteger wins = new AtomicInteger();
        List<Instant> won = Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newFixedThreadPool(racers)) {
            for (int s = 0; s < slots; s++) {
                Instant slot = t0.plusSeconds(60L * s);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int r = 0; r < racers; r++) {
                    done.add(pool.submit(() -> {
                        go.await();
                        if (crons.claim(c.cronId(), slot, slot.plusSeconds(60))) {
                            wins.incrementAndGet();
                            won.add(slot);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) f.get();
            }
        }
        assertThat(wins.get()).isEqualTo(slots);
        assertThat(won).doesNotHaveDuplicates();
    }
}
