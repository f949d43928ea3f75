package io.spool.storage.local;

import io.spool.storage.EventId;
import io.spool.storage.StreamEvent;
import io.spool.storage.ThreadDeletedException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory side of one thread's event log: the id sequence, the hot tail that live readers read from, and the
 * signal they wait on. Events reach the tail only once they are stored (the {@link StoreWriter} publishes them after
 * their group commit), so a reader is never shown an event a restart could lose, and "everything after
 * {@link Tail#startsAfter} is in the tail, everything up to it is in the store" always holds.
 *
 * <p>Appenders take a lock for the id sequence; the store writer takes another to publish. Readers take none: a
 * reader reads an immutable {@link Tail} view and waits on a future that the next publish completes, so ten thousand
 * readers of one thread wake without contending for anything.
 */
final class ThreadLog {

    /**
     * What readers see: {@code events[head..size)} in id order. Writers only ever write slots at or after
     * {@code size} of an array a view names, or copy to a new array, so a view never changes under a reader.
     */
    private record Tail(StreamEvent[] events, int head, int size, EventId startsAfter, EventId last) {
    }

    final String threadId;
    private final ReentrantLock lock = new ReentrantLock();
    /** Taken by the store writer's publishes and the sweeper's ticks, which both replace {@link #changed}. */
    private final ReentrantLock publishLock = new ReentrantLock();
    private final int tailCapacity;

    private volatile Tail tail;
    private volatile CompletableFuture<Void> changed = new CompletableFuture<>();
    private volatile EventId stored;
    private volatile boolean deleted;
    private EventId lastAssigned;
    private boolean retired;
    private int readers;
    private volatile long lastUsedNanos = System.nanoTime();

    ThreadLog(String threadId, EventId lastStored, int tailCapacity) {
        this.threadId = threadId;
        this.lastAssigned = lastStored;
        this.stored = lastStored;
        this.tailCapacity = tailCapacity;
        this.tail = new Tail(new StreamEvent[64], 0, 0, lastStored, lastStored);
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /** Under the lock: the id for a new event. */
    EventId nextId() {
        lastAssigned = lastAssigned.next(System.currentTimeMillis());
        return lastAssigned;
    }

    /**
     * Called by the store writer once {@code batch} (this thread's events of one batch, in id order) are durable:
     * makes them visible to readers and wakes them once.
     */
    void publish(List<StreamEvent> batch) {
        publishLock.lock();
        try {
            Tail t = tail;
            StreamEvent[] events = t.events();
            int head = t.head();
            int size = t.size();
            EventId startsAfter = t.startsAfter();
            for (StreamEvent e : batch) {
                while (size - head >= tailCapacity) startsAfter = events[head++].id(); // every tail event is stored
                if (size == events.length) {
                    int live = size - head;
                    // drop the dead prefix when copying; grow only when the live part fills half the array
                    StreamEvent[] copy = new StreamEvent[live * 2 > events.length ? events.length * 2 : events.length];
                    System.arraycopy(events, head, copy, 0, live);
                    events = copy;
                    size = live;
                    head = 0;
                }
                events[size++] = e;
            }
            stored = batch.getLast().id();
            tail = new Tail(events, head, size, startsAfter, stored);
            lastUsedNanos = System.nanoTime();
            CompletableFuture<Void> woken = changed;
            changed = new CompletableFuture<>();
            woken.complete(null);
        } finally {
            publishLock.unlock();
        }
    }

    /**
     * Another process stored events up to {@code storedLast}: the next id follows it, and the tail starts after it
     * (empty), so readers behind it read the store. Nothing happens unless it is newer than what this log assigned.
     */
    void advanceTo(EventId storedLast) {
        lock.lock();
        try {
            if (!storedLast.after(lastAssigned) || !stored.equals(lastAssigned)) return; // ours still being stored
            lastAssigned = storedLast;
            publishLock.lock();
            try {
                stored = storedLast;
                tail = new Tail(new StreamEvent[64], 0, 0, storedLast, storedLast);
                CompletableFuture<Void> woken = changed;
                changed = new CompletableFuture<>();
                woken.complete(null);
            } finally {
                publishLock.unlock();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Events stored by another process (see {@code LocalEventBus.receive}): published like this process's own. */
    void receive(List<StreamEvent> events) {
        lock.lock();
        try {
            if (!stored.equals(lastAssigned)) return; // this process writes the thread itself: it is the only writer
            List<StreamEvent> fresh = events.stream().filter(e -> e.id().after(lastAssigned)).toList();
            if (fresh.isEmpty()) return;
            lastAssigned = fresh.getLast().id();
            publish(fresh);
        } finally {
            lock.unlock();
        }
    }

    /** The newest event readers can see. */
    EventId last() {
        return tail.last();
    }

    /**
     * Events after {@code cursor} held in the tail, at most {@code max}; null when the cursor is older than the tail
     * (read the store instead). Throws when the thread was deleted.
     */
    List<StreamEvent> readTail(EventId cursor, int max) {
        if (deleted) throw new ThreadDeletedException(threadId);
        Tail t = tail;
        if (cursor.compareTo(t.startsAfter()) < 0) return null;
        int from = firstAfter(t, cursor);
        int to = Math.min(t.size(), from + max);
        return from >= to ? List.of() : Arrays.asList(Arrays.copyOfRange(t.events(), from, to));
    }

    /**
     * Waits until an event after {@code cursor} exists, the thread is deleted, or the timeout passes; a negative
     * timeout waits for the next publish or {@link #tick}, which spares ten thousand waiting readers a timer each.
     */
    void awaitAfter(EventId cursor, long timeoutNanos) throws InterruptedException {
        CompletableFuture<Void> next = changed; // read before checking, so a publish in between completes it
        if (deleted || tail.last().after(cursor)) return;
        try {
            if (timeoutNanos < 0) next.get();
            else next.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // nothing new: the caller sends a heartbeat and waits again
        }
    }

    /** Wakes the waiting readers without a new event, so they can send heartbeats that fell due meanwhile. */
    void tick() {
        if (readers == 0 || !publishLock.tryLock()) return; // a racy read of readers only skips or adds one tick
        try {
            CompletableFuture<Void> woken = changed;
            changed = new CompletableFuture<>();
            woken.complete(null);
        } finally {
            publishLock.unlock();
        }
    }

    void markDeleted() {
        deleted = true;
        changed.complete(null);
    }

    /** Registers a reader unless the log was retired (then the caller must fetch a fresh one). */
    boolean addReader() {
        lock.lock();
        try {
            if (retired) return false;
            readers++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void removeReader() {
        lock.lock();
        try {
            readers--;
            lastUsedNanos = System.nanoTime();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: whether appends must go to a fresh log. */
    boolean retired() {
        return retired;
    }

    /** Retires the log if nobody reads it, everything is stored and it was idle long enough; frees the tail. */
    boolean retireIfIdle(long idleNanos) {
        if (!lock.tryLock()) return false;
        try {
            boolean idle = readers == 0 && stored.equals(lastAssigned) && System.nanoTime() - lastUsedNanos > idleNanos;
            if (idle) retired = true;
            return idle;
        } finally {
            lock.unlock();
        }
    }

    private static int firstAfter(Tail t, EventId cursor) {
        int lo = t.head();
        int hi = t.size();
        StreamEvent[] events = t.events();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events[mid].id().after(cursor)) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }
}
