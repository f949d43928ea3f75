package io.spool.storage.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How shared SQL code reaches a backend's database: each call is one transaction on a connection the backend picks
 * (SQLite's reader or writer, a pooled PostgreSQL connection), with the backend's own translation of failures.
 */
public interface SqlAccess {

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one read-only transaction (a cursor may stream its rows). */
    <T> T read(Work<T> work);

    /** Runs {@code work} in one writing transaction. */
    <T> T write(Work<T> work);
}
