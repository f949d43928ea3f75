package io.spool.storage;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Which run executes next. A thread's runs execute one at a time in creation order, none before its due time
 * ({@code after_seconds}); whoever claims a run executes it and reports its end. The queue deals in run ids: the
 * executions themselves (virtual threads, cancellation) stay with the process that claimed them.
 *
 * <p>A shared implementation claims with {@code FOR UPDATE SKIP LOCKED} under a lease that it renews itself for the
 * runs this process claimed and has not finished (it sees every claim and end), and re-queues the runs of a process
 * whose lease ran out. Calls that decide for a thread ({@link #admit}, {@link #enqueue}) are made under that
 * thread's {@link ThreadLocks} lock.
 */
public interface RunQueue extends AutoCloseable {

    /** What a new run meets on its thread: refused, or first cancel {@code cancel} (maybe none) with {@code action}. */
    record Admission(boolean rejected, List<String> cancel, CancelAction action) {
    }

    /** The multitask decision for a new run on {@code threadId} with {@code strategy}. */
    default Admission admit(String threadId, MultitaskStrategy strategy) {
        List<String> inFlight = inFlight(threadId);
        if (inFlight.isEmpty()) return new Admission(false, List.of(), null);
        if (strategy == MultitaskStrategy.REJECT) return new Admission(true, List.of(), null);
        CancelAction action = strategy.cancelAction();
        return new Admission(false, action == null ? List.of() : inFlight, action);
    }

    /** Queues a stored pending run, claimable from {@code notBeforeMillis} (epoch milliseconds) on. */
    void enqueue(RunRecord run, long notBeforeMillis);

    /** The thread's running run (first, if any) and pending runs in creation order. */
    List<String> inFlight(String threadId);

    /** Whether the thread has runs waiting (not claimed yet). */
    boolean hasPending(String threadId);

    /**
     * Claims at most {@code max} runs for this process (its free execution slots): for each thread with none running,
     * its oldest pending run once due. A claimed run counts as running until {@link #finished}.
     */
    List<String> claim(int max);

    /** Removes a run nobody claimed yet; false if it was claimed or is unknown. */
    boolean removePending(String threadId, String runId);

    /** A claimed run ended: its thread's next run may be claimed. */
    void finished(String threadId, String runId);

    /**
     * Calls {@code listener} whenever a run may have become claimable without a call through this process (a due
     * time came, another process finished a run); never under a lock of the queue.
     */
    void onRunnable(Runnable listener);

    /** Asks the process that executes {@code runId} to cancel it (its {@link #onCancelRequest} listeners hear it). */
    void requestCancel(String runId, CancelAction action);

    void onCancelRequest(BiConsumer<String, CancelAction> listener);

    /**
     * The process is stopping before a claimed run ended: the run goes back to the queue unclaimed (it is stored as
     * pending for its next attempt). A queue of one process forgets it: the run is re-queued at the next start.
     */
    default void handBack(String threadId, String runId) {
        finished(threadId, runId);
    }

    /**
     * Whether runs found {@code running} at start may be executing in another live process: a shared queue then
     * re-queues the runs of a lost process itself (so start-up must not close them), a queue of one process does not.
     */
    default boolean reapsLostRuns() {
        return false;
    }

    /**
     * Calls {@code listener} with a run id when a run this process did not claim has ended in another process, so
     * whoever waits for it here is answered. A queue of one process never calls it.
     */
    default void onEndedElsewhere(Consumer<String> listener) {
    }

    /**
     * Calls {@code listener} with a run id and the reason when the processes that executed a run were lost as many
     * times as attempts are allowed: this process now holds the run, the listener ends it as an error and calls
     * {@link #finished}. A queue of one process never calls it.
     */
    default void onGaveUp(BiConsumer<String, String> listener) {
    }

    /** Stops timers and subscriptions; queued runs stay stored as pending. */
    @Override
    void close();
}
