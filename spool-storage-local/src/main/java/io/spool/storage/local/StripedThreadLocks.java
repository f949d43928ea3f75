package io.spool.storage.local;

import io.spool.storage.ThreadLocks;
import java.util.function.Supplier;

/**
 * Thread locks of one process: 256 JVM monitors, a thread id hashed onto one. Two threads may share a monitor and so
 * wait for each other briefly; that is cheaper than a monitor per thread that must be created and forgotten.
 */
public final class StripedThreadLocks implements ThreadLocks {

    private final Object[] stripes = new Object[256];

    public StripedThreadLocks() {
        for (int i = 0; i < stripes.length; i++) stripes[i] = new Object();
    }

    @Override
    public <T> T withThread(String threadId, Supplier<T> work) {
        synchronized (stripes[Math.floorMod(threadId.hashCode(), stripes.length)]) {
            return work.get();
        }
    }
}
