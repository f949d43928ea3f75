package io.spool.storage.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Statements on SQLite connections. The writer is one connection used by one caller at a time (SQLite serialises
 * writers anyway); the readers are a pool of connections on the same file, which WAL mode lets read beside the
 * writer and beside each other, so a long replay never holds up anyone else's read. Failures the storage cannot help
 * (a full disk, a read-only file) surface as outages through {@link WriteHealth}; while one lasts, the writer fails
 * fast.
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

    /** Where one piece of work gets its connection. */
    private interface Connections {
        <T> T use(Work<T> work) throws SQLException;

        void close() throws SQLException;
    }

    private final Connections connections;
    private final WriteHealth health;
    private final boolean writes;

    private Sql(Connections connections, WriteHealth health, boolean writes) {
        this.connections = connections;
        this.health = health;
        this.writes = writes;
    }

    /** The writer: one connection, one caller at a time; its failures start an outage, during which it fails fast. */
    static Sql writer(Connection connection, WriteHealth health) {
        ReentrantLock lock = new ReentrantLock();
        return new Sql(new Connections() {
            @Override
            public <T> T use(Work<T> work) throws SQLException {
                lock.lock();
                try {
                    return work.run(connection);
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void close() throws SQLException {
                lock.lock();
                try {
                    connection.close();
                } finally {
                    lock.unlock();
                }
            }
        }, health, true);
    }

    /** Readers: each piece of work borrows a connection of the pool and gives it back. */
    static Sql readers(HikariDataSource pool, WriteHealth health) {
        return new Sql(new Connections() {
            @Override
            public <T> T use(Work<T> work) throws SQLException {
                try (Connection c = pool.getConnection()) {
                    return work.run(c);
                }
            }

            @Override
            public void close() {
                pool.close();
            }
        }, health, false);
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

    /**
     * Runs {@code work} in one transaction on {@code c}, which must be in auto-commit mode and is left in it. The
     * transaction is SQL's own ({@code BEGIN IMMEDIATE}...{@code COMMIT}) rather than the driver's auto-commit switch:
     * SQLite rolls back by itself on a full disk, and the driver's idea of an open transaction would then be wrong
     * for every later one.
     */
    static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
        try {
            T result = work.run(c);
            try (Statement s = c.createStatement()) {
                s.execute("COMMIT");
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            } catch (SQLException alreadyRolledBack) {
                // SQLite ended the transaction itself (it does on SQLITE_FULL): nothing is left to undo
            }
            throw e;
        }
    }

    <T> T with(Work<T> work) {
        if (writes) health.check();
        return unchecked(work);
    }

    /** {@link #with} even during an outage: the probe that finds out whether it is over. */
    <T> T unchecked(Work<T> work) {
        try {
            T result = connections.use(work);
            if (writes) health.writable();
            return result;
        } catch (SQLException e) {
            throw health.failed(e, writes);
        }
    }

    static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
        return ps;
    }

    @Override
    public void close() {
        try {
            connections.close();
        } catch (SQLException e) {
            throw health.failed(e, false);
        }
    }
}
