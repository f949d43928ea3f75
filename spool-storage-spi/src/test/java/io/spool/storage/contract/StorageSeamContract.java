package io.spool.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.storage.CancelAction;
import io.spool.storage.MultitaskStrategy;
import io.spool.storage.RunQueue;
import io.spool.storage.RunRecord;
import io.spool.storage.RunStatus;
import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.ThreadLocks;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every backend's {@link ThreadLocks} and {@link RunQueue} must do, seen from one process: one subclass per
 * backend says how to open its storage.
 */
public abstract class StorageSeamContract {

    @TempDir
    protected Path dir;

    private Storage storage;

    protected abstract Storage open(StorageOptions options);

    @BeforeEach
    void openStorage() {
        storage = open(new StorageOptions(dir));
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private RunRecord pending(String threadId, String runId) {
        Instant now = Instant.now();
        RunRecord run = new RunRecord(runId, threadId, "a", now, now, RunStatus.PENDING, Map.of(), Map.of(),
                MultitaskStrategy.ENQUEUE, 1, null);
        storage.runs().insert(run);
        return run;
    }

    @Test
    void workUnderOneThreadsLockNeverOverlapsAndMayTakeItAgain() throws Exception {
        ThreadLocks locks = storage.threadLocks();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 200; i++) {
                    locks.withThread("t", () -> {
                        if (inside.incrementAndGet() > 1) overlaps.incrementAndGet();
                        locks.withThread("t", () -> { }); // reentrant
                        inside.decrementAndGet();
                    });
                }
            }));
        }
        for (Thread w : workers) w.join();
        assertThat(overlaps).hasValue(0);
        assertThat(locks.withThread("t", () -> 42)).isEqualTo(42);
    }

    @Test
    void aThreadsRunsAreClaimedOneAtATimeInCreationOrder() {
        RunQueue q = storage.runQueue();
        q.enqueue(pending("t", "r1"), 0);
        q.enqueue(pending("t", "r2"), 0);
        q.enqueue(pending("u", "r3"), 0);
        assertThat(q.inFlight("t")).containsExactly("r1", "r2");
        assertThat(q.claim(10)).containsExactly("r1", "r3");
        assertThat(q.claim(10)).isEmpty(); // r2 waits for r1
        assertThat(q.inFlight("t")).containsExactly("r1", "r2");
        assertThat(q.hasPending("t")).isTrue();
        q.finished("t", "r1");
        assertThat(q.claim(10)).containsExactly("r2");
        assertThat(q.hasPending("t")).isFalse();
    }

    @Test
    void claimsRespectTheLimitAndDueTimes() throws Exception {
        RunQueue q = storage.runQueue();
        CountDownLatch woken = new CountDownLatch(1);
        q.onRunnable(woken::countDown);
        q.enqueue(pending("t", "later"), System.currentTimeMillis() + 200);
        q.enqueue(pending("u", "now1"), 0);
        q.enqueue(pending("v", "now2"), 0);
        assertThat(q.claim(1)).containsExactly("now1");
        assertThat(q.claim(5)).containsExactly("now2");
        assertThat(woken.await(10, TimeUnit.SECONDS)).as("woken when the delayed run fell due").isTrue();
        assertThat(q.claim(5)).containsExactly("later");
    }

    @Test
    void aPendingRunCanBeRemovedAClaimedOneCannot() {
        RunQueue q = storage.runQueue();
        q.enqueue(pending("t", "r1"), 0);
        q.enqueue(pending("t", "r2"), 0);
        assertThat(q.claim(10)).containsExactly("r1");
        assertThat(q.removePending("t", "r1")).isFalse();
        assertThat(q.removePending("t", "r2")).isTrue();
        assertThat(q.inFlight("t")).containsExactly("r1");
    }

    @Test
    void theMultitaskDecisionFollowsTheStrategy() {
        RunQueue q = storage.runQueue();
        assertThat(q.admit("t", MultitaskStrategy.REJECT).rejected()).isFalse();
        q.enqueue(pending("t", "r1"), 0);
        q.claim(10);
        q.enqueue(pending("t", "r2"), 0);
        assertThat(q.admit("t", MultitaskStrategy.REJECT).rejected()).isTrue();
        assertThat(q.admit("t", MultitaskStrategy.ENQUEUE)).isEqualTo(new RunQueue.Admission(false, List.of(), null));
        assertThat(q.admit("t", MultitaskStrategy.ROLLBACK))
                .isEqualTo(new RunQueue.Admission(false, List.of("r1", "r2"), CancelAction.ROLLBACK));
    }

    @Test
    void aCancelRequestReachesTheListenersOfTheProcessExecutingTheRun() {
        RunQueue q = storage.runQueue();
        List<String> heard = new ArrayList<>();
        q.onCancelRequest((runId, action) -> heard.add(runId + " " + action));
        q.enqueue(pending("t", "r1"), 0);
        q.claim(1);
        q.requestCancel("r1", CancelAction.INTERRUPT);
        assertThat(heard).containsExactly("r1 interrupt");
    }
}
