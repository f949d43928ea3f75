package io.spool.storage;

/** Thrown to a reader whose thread was deleted while it was reading. */
public final class ThreadDeletedException extends RuntimeException {

    public ThreadDeletedException(String threadId) {
        super("Thread " + threadId + " was deleted", null, false, false);
    }
}
