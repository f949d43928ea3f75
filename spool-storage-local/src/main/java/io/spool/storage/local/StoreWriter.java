package io.spool.storage.local;

import io.spool.storage.EventStore;
import io.spool.storage.StorageUnavailableException;
import io.spool.storage.StreamEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread takes whatever events have queued up, stores them in one batch, and only then publishes
 * them to the readers of their logs, so a token-rate stream costs one transaction per batch, not per event, and no
 * reader ever sees an event that is not durable. Events of one thread are queued under that thread's lock, so they
 * are stored and published in id order.
 *
 * <p>A batch that cannot be stored (a full disk, a read-only file) is never dropped: it is retried until it is
 * stored, with the failure kept in {@link #failure()} meanwhile so that appends can be refused instead of queued.
 */
final class StoreWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final int MAX_BATCH = 8192;
    private static final long FIRST_RETRY_MILLIS = 50;
    private static final long MAX_RETRY_MILLIS = 1000;
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private record Pending(ThreadLog log, StreamEvent event, CompletableFuture<Void> stored) {
    }

    private final EventStore store;
    private final StoredEvents forward;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile StorageUnavailableException failure;

    StoreWriter(EventStore store, StoredEvents forward) {
        this.store = store;
        this.forward = forward;
        this.thread = Thread.ofPlatform().name("spool-log-writer").daemon().start(this::loop);
    }

    void write(ThreadLog log, StreamEvent e) {
        queue.add(new Pending(log, e, null));
    }

    /** Queues the event; the future completes once it is stored and published. */
    CompletableFuture<Void> writeAndNotify(ThreadLog log, StreamEvent e) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        queue.add(new Pending(log, e, stored));
        return stored;
    }

    /** Why the last batch could not be stored, while it is still being retried; null when the writer is healthy. */
    StorageUnavailableException failure() {
        return failure;
    }

    /** Returns once everything queued before the call is stored. */
    void flush() {
        CompletableFuture<Void> marker = new CompletableFuture<>();
        queue.add(new Pending(null, null, marker));
        marker.join();
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>();
        while (!(closing && queue.isEmpty())) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                storeUntilStored(batch);
                publish(batch);
            } catch (InterruptedException e) {
                closing = true;
                StorageUnavailableException why = failure != null ? failure
                        : new StorageUnavailableException("the event log was closed", e);
                batch.forEach(p -> {
                    if (p.stored() != null) p.stored().completeExceptionally(why);
                });
            } catch (RuntimeException e) { // a bug of ours, not the store's: never leave a waiter hanging
                LOG.error("publishing {} events failed", batch.size(), e);
                batch.forEach(p -> {
                    if (p.stored() != null) p.stored().completeExceptionally(e);
                });
            }
            batch.clear();
        }
    }

    /** Stores the batch, retrying with a growing pause while the store fails; gives up only when closing. */
    private void storeUntilStored(List<Pending> batch) throws InterruptedException {
        List<EventStore.Entry> entries = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (p.event() != null) entries.add(new EventStore.Entry(p.log().threadId, p.event()));
        }
        if (entries.isEmpty()) return;
        long pause = FIRST_RETRY_MILLIS;
        long loggedAt = 0;
        long failedSince = 0;
        while (true) {
            try {
                store.append(entries);
                if (failure != null) {
                    LOG.warn("the event log is stored again ({} events held back for {} s are stored now)",
                            entries.size(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - failedSince));
                    failure = null;
                }
                return;
            } catch (RuntimeException e) {
                if (failure == null) failedSince = System.nanoTime();
                failure = e instanceof StorageUnavailableException s ? s
                        : new StorageUnavailableException("the event log cannot be stored: " + e.getMessage(), e);
                if (loggedAt == 0 || System.nanoTime() - loggedAt > LOG_EVERY_NANOS) {
                    loggedAt = System.nanoTime();
                    LOG.error("cannot store {} events, retrying until it works (readers see them once stored): {}",
                            entries.size(), failure.getMessage());
                }
                if (closing) throw new InterruptedException("closing while the event log cannot be stored");
                Thread.sleep(pause);
                pause = Math.min(pause * 2, MAX_RETRY_MILLIS);
            }
        }
    }

    /** Makes the stored batch visible to readers, one publish per thread log, and wakes those waiting for it. */
    private void publish(List<Pending> batch) {
        Map<ThreadLog, List<StreamEvent>> byLog = new LinkedHashMap<>();
        for (Pending p : batch) {
            if (p.event() != null) byLog.computeIfAbsent(p.log(), l -> new ArrayList<>()).add(p.event());
        }
        byLog.forEach((log, events) -> {
            io.spool.storage.EventId before = log.last();
            log.publish(events);
            try {
                forward.stored(log.threadId, before, events);
            } catch (RuntimeException e) { // other processes catch up from the store
                LOG.warn("forwarding {} events of thread {} failed: {}", events.size(), log.threadId, e.toString());
            }
        });
        for (Pending p : batch) {
            if (p.stored() != null) p.stored().complete(null);
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
