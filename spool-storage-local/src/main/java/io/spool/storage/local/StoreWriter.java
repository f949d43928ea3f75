package io.spool.storage.local;

import io.spool.storage.EventStore;
import io.spool.storage.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread takes whatever events have queued up and stores them in one batch, so a token-rate
 * stream costs one transaction per batch, not per event. Events of one thread are queued under that thread's lock,
 * so they are stored in id order.
 */
final class StoreWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final int MAX_BATCH = 8192;

    private record Pending(ThreadLog log, StreamEvent event, CompletableFuture<Void> stored) {
    }

    private final EventStore store;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;

    StoreWriter(EventStore store) {
        this.store = store;
        this.thread = Thread.ofPlatform().name("spool-log-writer").daemon().start(this::loop);
    }

    void write(ThreadLog log, StreamEvent e) {
        queue.add(new Pending(log, e, null));
    }

    void writeAndWait(ThreadLog log, StreamEvent e) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        queue.add(new Pending(log, e, stored));
        stored.join();
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
                Pending first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                storeBatch(batch);
            } catch (InterruptedException e) {
                closing = true;
            } catch (RuntimeException e) {
                LOG.error("storing {} events failed", batch.size(), e);
                batch.forEach(p -> {
                    if (p.stored() != null) p.stored().completeExceptionally(e);
                });
            }
            batch.clear();
        }
    }

    private void storeBatch(List<Pending> batch) {
        List<EventStore.Entry> entries = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (p.event() != null) entries.add(new EventStore.Entry(p.log().threadId, p.event()));
        }
        if (!entries.isEmpty()) store.append(entries);
        for (Pending p : batch) {
            if (p.event() != null) p.log().markStored(p.event().id());
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
