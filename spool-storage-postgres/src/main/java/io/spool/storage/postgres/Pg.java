package io.spool.storage.postgres;

import io.spool.storage.StorageUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import javax.sql.DataSource;

/**
 * Statements on a connection pool. A failure to reach the database (refused, reset, a pool that found no live
 * connection within its timeout) becomes {@link StorageUnavailableException}, which clients see as 503; any other
 * database error is a {@link PostgresException}.
 */
final class Pg {

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Visits one row; returns false to stop reading. */
    interface RowVisitor {
        boolean visit(ResultSet rs) throws SQLException;
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource pool;
    private final String where;

    /** {@code where}: the database as operators name it, for messages. */
    Pg(DataSource pool, String where) {
        this.pool = pool;
        this.where = where;
    }

    int update(String sql, Object... params) {
        return with(c -> {
            try (PreparedStatement ps = prepare(c, sql, params)) {
                return ps.executeUpdate();
            }
        });
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return with(c -> query(c, sql, mapper, params));
    }

    static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) out.add(mapper.map(rs));
            return out;
        }
    }

    /** Visits rows one at a time (fetched in small batches), so a caller that has enough stops early. */
    void scan(String sql, RowVisitor visitor, Object... params) {
        transaction(c -> { // a cursor (fetch size) needs a transaction on PostgreSQL
            try (PreparedStatement ps = prepare(c, sql, params)) {
                ps.setFetchSize(2);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && visitor.visit(rs)) {
                        // the visitor did the work
                    }
                }
            }
            return null;
        });
    }

    /** Runs {@code work} in one transaction. */
    <T> T transaction(Work<T> work) {
        return with(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is gone; the pool drops it
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    /**
     * Runs {@code work} on a pooled connection in auto-commit mode. On a virtual thread the work runs on another one:
     * socket I/O of a virtual thread is interruptible, and a run is cancelled by interrupting its thread, which would
     * otherwise close the connection in the middle of the run's own bookkeeping.
     */
    <T> T with(Work<T> work) {
        return shielded(() -> direct(work));
    }

    /** Work that must not be interrupted halfway (connection I/O), off the caller's thread when it is virtual. */
    interface Call<T> {
        T call();
    }

    /**
     * Runs {@code call} where an interrupt of the caller cannot reach it: on a virtual thread (whose socket I/O is
     * interruptible) it runs on another one, and the caller's interrupt is kept for after it.
     */
    static <T> T shielded(Call<T> call) {
        if (!Thread.currentThread().isVirtual()) return call.call();
        FutureTask<T> task = new FutureTask<>(call::call);
        Thread.ofVirtual().name("spool-postgres-call").start(task);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the caller learns of it when the call is done
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new PostgresException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private <T> T direct(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    RuntimeException translate(SQLException e) {
        return unreachable(e) ? new StorageUnavailableException("PostgreSQL at " + where + " is unavailable: "
                + e.getMessage(), e) : new PostgresException(e);
    }

    /** Connection failures (SQL state class 08), pool timeouts, and a server shutting down (57P01-57P03). */
    static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) return true;
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
        return ps;
    }
}
