package io.spool.storage.postgres;

import io.spool.storage.ThreadLocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Thread locks shared by every process on the database: a transaction-scoped advisory lock on a hash of the thread id,
 * held on a connection of its own (from {@code lockPool}, so lock holders never wait for the connections their work
 * needs) for as long as the work runs. The work's statements commit on their own; the lock only orders them. Two
 * thread ids may hash alike and so wait for each other briefly. Reentrant within a JVM thread.
 */
final class PgThreadLocks implements ThreadLocks {

    /** The first key of every thread lock, so they share no key with the other advisory locks of Spool. */
    static final int THREAD_LOCKS = 1;
    /** The first key of the background jobs' locks ({@link #runAlone}). */
    static final int JOB_LOCKS = 3;

    private final DataSource lockPool;
    private final Pg db;
    private final ThreadLocal<Set<String>> held = ThreadLocal.withInitial(HashSet::new);

    PgThreadLocks(DataSource lockPool, Pg db) {
        this.lockPool = lockPool;
        this.db = db;
    }

    @Override
    public <T> T withThread(String threadId, Supplier<T> work) {
        Set<String> mine = held.get();
        if (mine.contains(threadId)) return work.get();
        Connection c = Pg.shielded(() -> lock(threadId));
        mine.add(threadId);
        try {
            return work.get();
        } finally {
            mine.remove(threadId);
            Pg.shielded(() -> release(c));
        }
    }

    /** Runs {@code job} holding the job's advisory lock, unless another process holds it (then returns false). */
    boolean runAlone(String name, Runnable job) {
        Connection c = Pg.shielded(() -> {
            Connection held = null;
            try {
                held = lockPool.getConnection();
                held.setAutoCommit(false);
                try (PreparedStatement ps = held.prepareStatement("SELECT pg_try_advisory_xact_lock(?, hashtext(?))")) {
                    ps.setInt(1, JOB_LOCKS);
                    ps.setString(2, name);
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getBoolean(1)) return held;
                    }
                }
                release(held);
                return null;
            } catch (SQLException e) {
                if (held != null) release(held);
                throw db.translate(e);
            }
        });
        if (c == null) return false;
        try {
            job.run();
            return true;
        } finally {
            Pg.shielded(() -> release(c));
        }
    }

    private Connection lock(String threadId) {
        Connection c = null;
        try {
            c = lockPool.getConnection();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
                ps.setInt(1, THREAD_LOCKS);
                ps.setString(2, threadId);
                ps.execute();
            }
            return c;
        } catch (SQLException e) {
            if (c != null) release(c);
            throw db.translate(e);
        }
    }

    /** Ends the transaction, which releases the lock (a connection that broke meanwhile lost it already). */
    private static Void release(Connection c) {
        try {
            c.rollback();
            c.setAutoCommit(true);
        } catch (SQLException gone) {
            // the pool drops a broken connection
        } finally {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already closed
            }
        }
        return null;
    }
}
