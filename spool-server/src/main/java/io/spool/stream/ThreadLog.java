package io.spool.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-memory side of one thread's event log: the id sequence, the hot tail that live readers read from, and the
 * signal they wait on. Older events live in the {@link io.spool.storage.EventStore}; the tail only ever drops events
 * that are already stored, so "everything after {@link #tailStartsAfter} is in the tail, everything up to it is in
 * the store" always holds.
 */
final class ThreadLog {

    final String threadId;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final int tailCapacity;

    private final ArrayList<StreamEvent> tail = new ArrayList<>();
    private int head; // tail.get(head) is the oldest event still held; slots before it are dead
    private EventId last;
    private EventId tailStartsAfter;
    private volatile EventId stored;
    private boolean deleted;
    private boolean retired;
    private int readers;
    private long lastUsedNanos = System.nanoTime();

    ThreadLog(String threadId, EventId lastStored, int tailCapacity) {
        this.threadId = threadId;
        this.last = lastStored;
        this.tailStartsAfter = lastStored;
        this.stored = lastStored;
        this.tailCapacity = tailCapacity;
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /** Under the lock: the id for a new event. */
    EventId nextId() {
        last = last.next(System.currentTimeMillis());
        return last;
    }

    /** Under the lock: makes an event visible to readers. */
    void publish(StreamEvent e) {
        tail.add(e);
        lastUsedNanos = System.nanoTime();
        evictStored();
        if (lock.hasWaiters(changed)) changed.signalAll();
    }

    /** Called by the store writer once everything up to {@code id} is durable. */
    void markStored(EventId id) {
        stored = id;
    }

    EventId last() {
        lock.lock();
        try {
            return last;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Events after {@code cursor} held in the tail, at most {@code max}; null when the cursor is older than the tail
     * (read the store instead). Throws when the thread was deleted.
     */
    List<StreamEvent> readTail(EventId cursor, int max) {
        lock.lock();
        try {
            if (deleted) throw new ThreadDeletedException(threadId);
            if (cursor.compareTo(tailStartsAfter) < 0) return null;
            int from = firstAfter(cursor);
            int to = Math.min(tail.size(), from + max);
            return from >= to ? List.of() : new ArrayList<>(tail.subList(from, to));
        } finally {
            lock.unlock();
        }
    }

    /** Waits until an event after {@code cursor} exists, the thread is deleted, or the timeout passes. */
    void awaitAfter(EventId cursor, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeoutNanos;
            while (!last.after(cursor) && !deleted && nanos > 0) nanos = changed.awaitNanos(nanos);
        } finally {
            lock.unlock();
        }
    }

    void markDeleted() {
        lock.lock();
        try {
            deleted = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
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
            boolean idle = readers == 0 && stored.equals(last) && System.nanoTime() - lastUsedNanos > idleNanos;
            if (idle) retired = true;
            return idle;
        } finally {
            lock.unlock();
        }
    }

    private void evictStored() {
        EventId s = stored;
        while (tail.size() - head > tailCapacity && !tail.get(head).id().after(s)) {
            tailStartsAfter = tail.get(head).id();
            tail.set(head++, null);
        }
        if (head > 1024 && head > tail.size() / 2) {
            tail.subList(0, head).clear();
            head = 0;
        }
    }

    private int firstAfter(EventId cursor) {
        int lo = head;
        int hi = tail.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tail.get(mid).id().after(cursor)) hi = mid;
            else lo = mid + 1;
        }
        return lo;
    }
}
