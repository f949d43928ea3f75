package io.spool.storage.local;

import io.spool.storage.EventBus;
import io.spool.storage.EventId;
import io.spool.storage.EventStore;
import io.spool.storage.LogReader;
import io.spool.storage.StorageUnavailableException;
import io.spool.storage.StreamEvent;
import io.spool.storage.ThreadDeletedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every thread's event log in this process, over a backend's {@link EventStore}: the spine of the server. Appends get
 * an id at once; a {@link StoreWriter} makes them durable in batches (group commit) and only then visible to readers,
 * so an event a client has seen is replayed with the same id after any restart. Readers read the hot tail in memory,
 * or the store when they resume from further back. While the store cannot be written, appends are refused with
 * {@link StorageUnavailableException} (what was queued before is kept and stored once it can be).
 */
public final class LocalEventBus implements EventBus {

    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final EventStore store;
    private final StoreWriter writer;
    private final int tailCapacity;
    private final long readerTickNanos;
    private final ConcurrentHashMap<String, ThreadLog> logs = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    public LocalEventBus(EventStore store, int tailCapacity) {
        this(store, tailCapacity, Duration.ofSeconds(1));
    }

    /**
     * {@code readerTick}: how often idle readers are woken to send heartbeats (a quarter of the heartbeat interval
     * keeps them at most that late). Readers wait for it instead of arming a timer each, which with thousands of
     * readers on one thread cost a tenth of the CPU of every publish.
     */
    public LocalEventBus(EventStore store, int tailCapacity, Duration readerTick) {
        this(store, tailCapacity, readerTick, StoredEvents.NONE);
    }

    /** The same, telling {@code forward} of every stored batch (a shared backend sends it to other processes). */
    public LocalEventBus(EventStore store, int tailCapacity, Duration readerTick, StoredEvents forward) {
        this.store = store;
        this.tailCapacity = tailCapacity;
        this.readerTickNanos = readerTick.toNanos();
        this.writer = new StoreWriter(store, forward);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spool-log-sweeper");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::retireIdleLogs, 30, 30, TimeUnit.SECONDS);
        sweeper.scheduleAtFixedRate(() -> logs.values().forEach(ThreadLog::tick), readerTickNanos, readerTickNanos,
                TimeUnit.NANOSECONDS);
    }

    @Override
    public StreamEvent append(String threadId, String runId, String event, byte[] data) {
        return append(threadId, runId, event, data, false, false);
    }

    @Override
    public StreamEvent appendDurable(String threadId, String runId, String event, byte[] data, boolean runEnd) {
        return append(threadId, runId, event, data, runEnd, true);
    }

    private StreamEvent append(String threadId, String runId, String event, byte[] data, boolean runEnd,
                               boolean durable) {
        refuseWhileFailing();
        while (true) {
            ThreadLog log = logOf(threadId);
            StreamEvent e;
            CompletableFuture<Void> stored = null;
            log.lock();
            try {
                if (log.retired()) continue;
                e = new StreamEvent(log.nextId(), runId, event, data, runEnd);
                if (durable) stored = writer.writeAndNotify(log, e);
                else writer.write(log, e);
            } finally {
                log.unlock();
            }
            if (stored != null) {
                try {
                    stored.join(); // outside the lock: the writer publishes without it
                } catch (java.util.concurrent.CompletionException failed) {
                    if (failed.getCause() instanceof RuntimeException r) throw r;
                    throw failed;
                }
            }
            return e;
        }
    }

    /** Where the store writer is retrying a batch that failed: new events would only pile up behind it. */
    private void refuseWhileFailing() {
        StorageUnavailableException failure = writer.failure();
        if (failure != null) throw new StorageUnavailableException(failure.getMessage(), failure);
    }

    /** Why events cannot be stored right now, or null. */
    public StorageUnavailableException failure() {
        return writer.failure();
    }

    @Override
    public EventId lastId(String threadId) {
        return logOf(threadId).last();
    }

    @Override
    public LogReader reader(String threadId, EventId cursor) {
        while (true) {
            ThreadLog log = logOf(threadId);
            if (log.addReader()) return new LocalLogReader(log, store, cursor, readerTickNanos);
        }
    }

    /** Ends every reader of the thread with {@link ThreadDeletedException} and drops its stored events. */
    @Override
    public void deleteThread(String threadId) {
        refuseWhileFailing(); // its flush would wait for the store to come back
        ThreadLog log = logs.remove(threadId);
        if (log != null) log.markDeleted();
        writer.flush();
        store.deleteThread(threadId);
    }

    /**
     * Another process wrote to the thread's log (a shared backend runs a thread's runs wherever they are claimed):
     * ids go on from the newest stored one, and readers of this process read what they have not seen from the store.
     * Call it before this process appends to the thread again.
     */
    public void catchUp(String threadId) {
        ThreadLog log = logs.get(threadId);
        if (log == null) return; // made from the store's newest id when it is next used
        store.lastId(threadId).ifPresent(log::advanceTo);
    }

    /**
     * Events another process wrote to the thread's log and stored, in id order: this process's readers get them as if
     * they were written here, and the thread's next id follows them. Events not after the newest known are skipped.
     */
    public void receive(String threadId, java.util.List<StreamEvent> events) {
        logOf(threadId).receive(events);
    }

    /** The thread was deleted through another process: its readers here end (its events are deleted already). */
    public void deletedElsewhere(String threadId) {
        ThreadLog log = logs.remove(threadId);
        if (log != null) log.markDeleted();
    }

    @Override
    public void flush() {
        writer.flush();
    }

    private ThreadLog logOf(String threadId) {
        ThreadLog log = logs.get(threadId);
        if (log != null) return log;
        return logs.computeIfAbsent(threadId,
                id -> new ThreadLog(id, store.lastId(id).orElse(EventId.START), tailCapacity));
    }

    private void retireIdleLogs() {
        logs.values().removeIf(log -> log.retireIfIdle(IDLE_NANOS));
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        writer.close();
    }
}
