package io.spool.storage.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite connection used by one caller at a time. SQLite serialises writers anyway; a second instance on the
 * same file serves reads, which WAL mode lets run beside the writer.
 */
final class Sql implements AutoCloseable {

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

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    Sql(Connection connection) {
        this.connection = connection;
    }

    int update(String sql, Object... params) {
        return with(c -> {
            try (PreparedStatement ps = prepare(c, sql, params)) {
                return ps.executeUpdate();
            }
        });
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return with(c -> {
            try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(mapper.map(rs));
                return out;
            }
        });
    }

    /** Visits rows one at a time, so a caller that has enough stops before the rest are even read. */
    void scan(String sql, RowVisitor visitor, Object... params) {
        with(c -> {
            try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
                while (rs.next() && visitor.visit(rs)) {
                    // the visitor did the work
                }
                return null;
            }
        });
    }

    /** Runs {@code work} in one transaction. */
    <T> T transaction(Work<T> work) {
        return with(c -> inTransaction(c, work));
    }

    /** Runs {@code work} in one transaction on {@code c}, which must be in auto-commit mode and is left in it. */
    static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    <T> T with(Work<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException(e);
        } finally {
            lock.unlock();
        }
    }

    static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
        return ps;
    }

    @Override
    public void close() {
        with(c -> {
            c.close();
            return null;
        });
    }
}
