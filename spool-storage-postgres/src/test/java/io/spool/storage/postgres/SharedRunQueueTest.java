package io.spool.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.storage.CancelAction;
import io.spool.storage.MultitaskStrategy;
import io.spool.storage.RunQueue;
import io.spool.storage.RunRecord;
import io.spool.storage.RunStatus;
import io.spool.storage.StorageOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two storages on one database, as two processes see it: the queue and the locks are shared between them. */
class SharedRunQueueTest {

    @TempDir
    Path dir;

    private StorageOptions options;
    private PostgresStorage a;
    private PostgresStorage b;

    @BeforeEach
    void open() {
        StorageOptions base = TestDatabase.create(new StorageOptions(dir));
        Map<String, String> settings = new HashMap<>(base.settings());
        settings.put("lease-timeout-seconds", "1");
        settings.put("max-attempts", "2");
        options = new StorageOptions(dir, base.tailCapacity(), base.readerTick(), settings);
        a = new PostgresStorage(options);
        b = new PostgresStorage(options);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private RunRecord pending(PostgresStorage s, String threadId, String runId) {
        Instant now = Instant.now();
        RunRecord run = new RunRecord(runId, threadId, "a", now, now, RunStatus.PENDING, Map.of(), Map.of(),
                MultitaskStrategy.ENQUEUE, 1, null);
        s.runs().insert(run);
        s.runQueue().enqueue(run, 0);
        return run;
    }

    @Test
    void aThreadsRunsAreClaimedOnceAndInOrderWhicheverProcessAsks() {
        pending(a, "t", "r1");
        pending(b, "t", "r2");
        pending(a, "u", "r3");
        assertThat(b.runQueue().claim(1)).containsExactly("r1");
        assertThat(a.runQueue().claim(10)).containsExactly("r3"); // r2 waits for r1, claimed by b
        assertThat(a.runQueue().removePending("t", "r1")).isFalse();
        assertThat(a.runQueue().inFlight("t")).containsExactly("r1", "r2");
        b.runQueue().finished("t", "r1");
        assertThat(a.runQueue().claim(10)).containsExactly("r2");
        assertThat(b.runQueue().claim(10)).isEmpty();
    }

    @Test
    void concurrentClaimsNeverTakeARunTwiceNorTwoRunsOfOneThread() throws Exception {
        for (int i = 0; i < 40; i++) pending(i % 2 == 0 ? a : b, "t" + (i % 8), "r" + i);
        List<String> claimed = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger overlaps = new AtomicInteger();
        Map<String, String> runningOn = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        for (PostgresStorage s : List.of(a, b, a, b)) {
            workers.add(Thread.ofVirtual().start(() -> {
                RunQueue q = s.runQueue();
                for (int round = 0; round < 200 && claimed.size() < 40; round++) {
                    for (String id : q.claim(3)) {
                        String thread = "t" + (Integer.parseInt(id.substring(1)) % 8);
                        if (runningOn.putIfAbsent(thread, id) != null) overlaps.incrementAndGet();
                        claimed.add(id);
                        runningOn.remove(thread);
                        q.finished(thread, id);
                    }
                }
            }));
        }
        for (Thread w : workers) w.join();
        assertThat(overlaps).hasValue(0);
        assertThat(claimed).hasSize(40).doesNotHaveDuplicates();
        for (int t = 0; t < 8; t++) { // each thread's runs in creation order
            final int thread = t;
            List<Integer> order = claimed.stream().map(id -> Integer.parseInt(id.substring(1)))
                    .filter(n -> n % 8 == thread).toList();
            assertThat(order).isSorted();
        }
    }

    @Test
    void thereIsOneLockPerThreadAcrossProcesses() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (PostgresStorage s : List.of(a, b, a, b)) {
            workers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 50; i++) {
                    s.threadLocks().withThread("t", () -> {
                        if (inside.incrementAndGet() > 1) overlaps.incrementAndGet();
                        s.threadLocks().withThread("t", () -> { }); // reentrant
                        inside.decrementAndGet();
                    });
                }
            }));
        }
        for (Thread w : workers) w.join();
        assertThat(overlaps).hasValue(0);
    }

    @Test
    void aBackgroundJobRunsInOneProcessAtATime() {
        List<String> ran = new ArrayList<>();
        assertThat(a.runAlone("sweep", () -> {
            ran.add("a");
            assertThat(b.runAlone("sweep", () -> ran.add("b while a"))).isFalse();
            assertThat(b.runAlone("other", () -> ran.add("b other"))).isTrue();
        })).isTrue();
        assertThat(b.runAlone("sweep", () -> ran.add("b after a"))).isTrue();
        assertThat(ran).containsExactly("a", "b other", "b after a");
    }

    @Test
    void aCancelAskedInOneProcessReachesTheProcessExecutingTheRun() throws Exception {
        CountDownLatch heard = new CountDownLatch(1);
        List<String> heardOnB = new CopyOnWriteArrayList<>();
        b.runQueue().onCancelRequest((runId, action) -> {
            heardOnB.add(runId + " " + action);
            heard.countDown();
        });
        pending(a, "t", "r1");
        assertThat(b.runQueue().claim(1)).containsExactly("r1");
        a.runQueue().requestCancel("r1", CancelAction.ROLLBACK);
        assertThat(heard.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(1500); // the poll finds the stored request too, but it is delivered once
        assertThat(heardOnB).containsExactly("r1 rollback");
    }

    @Test
    void aRunEndingInOneProcessWakesTheOthers() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        a.runQueue().onEndedElsewhere(id -> {
            if (id.equals("r1")) ended.countDown();
        });
        pending(a, "t", "r1");
        assertThat(b.runQueue().claim(1)).containsExactly("r1");
        b.runQueue().finished("t", "r1");
        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theRunsOfALostProcessAreRequeuedThenGivenUp() throws Exception {
        List<String> gaveUp = new CopyOnWriteArrayList<>();
        CountDownLatch given = new CountDownLatch(1);
        b.runQueue().onGaveUp((runId, why) -> {
            gaveUp.add(runId + ": " + why);
            b.runQueue().finished("t", runId);
            given.countDown();
        });
        a.runQueue().onGaveUp((runId, why) -> {
            gaveUp.add(runId + ": " + why);
            a.runQueue().finished("t", runId);
            given.countDown();
        });
        pending(a, "t", "r1");
        sql("UPDATE run_queue SET owner = 'gone' WHERE run_id = 'r1'"); // a process that never renewed a lease
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (a.runs().get("r1").orElseThrow().attempt() == 1 && System.nanoTime() < deadline) Thread.sleep(50);
        RunRecord again = a.runs().get("r1").orElseThrow();
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.status()).isEqualTo(RunStatus.PENDING);
        assertThat(a.runQueue().inFlight("t")).containsExactly("r1");
        sql("UPDATE run_queue SET owner = 'gone-again' WHERE run_id = 'r1'"); // attempt 2 of 2 lost as well
        assertThat(given.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gaveUp).singleElement().asString().startsWith("r1: The process executing this run was lost")
                .contains("attempt 2 of 2");
        assertThat(a.runQueue().inFlight("t")).isEmpty();
    }

    private void sql(String statement) throws Exception {
        PgUrl url = PgUrl.parse(options.setting("postgres-url"), null, null);
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
