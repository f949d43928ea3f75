package io.spool.storage.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQLite schema: the tables as first released, then the changes made since, each applied once. A file records
 * how many changes it has in {@code PRAGMA user_version}, so files written by older Spool versions are brought up to
 * date when they are opened, and new files go through the same steps.
 */
final class Schema {

    /**
     * The first released tables; idempotent, so opening an existing file is safe. The event log is the chunked table
     * of today: a file that still has the row-per-event {@code events} table of before is converted after these
     * steps, by {@link SqliteEventStore#migrateRowPerEvent}.
     */
    private static final String[] BASE = {
        """
        CREATE TABLE IF NOT EXISTS threads (
          thread_id TEXT PRIMARY KEY,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          metadata TEXT NOT NULL,
          config TEXT NOT NULL,
          status TEXT NOT NULL,
          state_values TEXT,
          interrupts TEXT)""",
        "CREATE INDEX IF NOT EXISTS threads_created ON threads(created_at)",
        """
        CREATE TABLE IF NOT EXISTS runs (
          run_id TEXT PRIMARY KEY,
          thread_id TEXT NOT NULL,
          assistant_id TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          status TEXT NOT NULL,
          metadata TEXT NOT NULL,
          kwargs TEXT NOT NULL,
          multitask_strategy TEXT,
          attempt INTEGER NOT NULL,
          stream_start TEXT)""",
        "CREATE INDEX IF NOT EXISTS runs_thread ON runs(thread_id, created_at)",
        "CREATE INDEX IF NOT EXISTS runs_status ON runs(status)",
        """
        CREATE TABLE IF NOT EXISTS checkpoints (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          thread_id TEXT NOT NULL,
          checkpoint_id TEXT NOT NULL,
          parent_id TEXT,
          run_id TEXT,
          state_values TEXT NOT NULL,
          next TEXT NOT NULL,
          metadata TEXT NOT NULL,
          interrupts TEXT NOT NULL,
          runtime TEXT NOT NULL,
          created_at INTEGER NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS checkpoints_thread ON checkpoints(thread_id, seq)",
        "CREATE UNIQUE INDEX IF NOT EXISTS checkpoints_id ON checkpoints(thread_id, checkpoint_id)",
        """
        CREATE TABLE IF NOT EXISTS event_chunks (
          thread_id TEXT NOT NULL,
          last_ms INTEGER NOT NULL,
          last_seq INTEGER NOT NULL,
          body BLOB NOT NULL,
          PRIMARY KEY (thread_id, last_ms, last_seq))""",
        """
        CREATE TABLE IF NOT EXISTS assistant_versions (
          assistant_id TEXT NOT NULL,
          version INTEGER NOT NULL,
          body TEXT NOT NULL,
          PRIMARY KEY (assistant_id, version))""",
        """
        CREATE TABLE IF NOT EXISTS assistants (
          assistant_id TEXT PRIMARY KEY,
          created_at INTEGER NOT NULL,
          body TEXT NOT NULL)""",
    };

    /** Changes since, in order: a file at version {@code v} gets {@code CHANGES[v]} and up. Only ever append. */
    private static final String[][] CHANGES = {
        { // 1: thread TTLs; expires_at (updated_at + ttl) lets the sweeper find expired threads by index
            "ALTER TABLE threads ADD COLUMN ttl_strategy TEXT",
            "ALTER TABLE threads ADD COLUMN ttl_minutes REAL",
            "ALTER TABLE threads ADD COLUMN expires_at INTEGER",
            "CREATE INDEX threads_expiry ON threads(expires_at) WHERE expires_at IS NOT NULL",
        },
        { // 2: the long-term store; a namespace is its labels joined by '.', so a prefix's items are a key range
            """
            CREATE TABLE store_items (
              namespace TEXT NOT NULL,
              key TEXT NOT NULL,
              value TEXT NOT NULL,
              created_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL,
              ttl_minutes REAL,
              expires_at INTEGER,
              PRIMARY KEY (namespace, key))""",
            "CREATE INDEX store_items_updated ON store_items(updated_at)",
            "CREATE INDEX store_items_expiry ON store_items(expires_at) WHERE expires_at IS NOT NULL",
            """
            CREATE TABLE store_vectors (
              namespace TEXT NOT NULL,
              key TEXT NOT NULL,
              field TEXT NOT NULL,
              vector BLOB NOT NULL,
              PRIMARY KEY (namespace, key, field))""",
        },
        { // 3: a field may give several texts (a list), so an item keeps every vector: ord is its place in the list
            """
            CREATE TABLE store_vectors_3 (
              namespace TEXT NOT NULL,
              key TEXT NOT NULL,
              field TEXT NOT NULL,
              ord INTEGER NOT NULL,
              vector BLOB NOT NULL,
              PRIMARY KEY (namespace, key, ord))""",
            "INSERT INTO store_vectors_3 SELECT namespace, key, field, "
                + "row_number() OVER (PARTITION BY namespace, key ORDER BY field) - 1, vector FROM store_vectors",
            "DROP TABLE store_vectors",
            "ALTER TABLE store_vectors_3 RENAME TO store_vectors",
        },
        { // 4: crons; the scheduler finds due ones by next_run_date, searches narrow by assistant and thread
            """
            CREATE TABLE crons (
              cron_id TEXT PRIMARY KEY,
              assistant_id TEXT NOT NULL,
              thread_id TEXT,
              user_id TEXT,
              schedule TEXT NOT NULL,
              timezone TEXT NOT NULL,
              end_time INTEGER,
              enabled INTEGER NOT NULL,
              on_run_completed TEXT,
              payload TEXT NOT NULL,
              metadata TEXT NOT NULL,
              next_run_date INTEGER,
              created_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL)""",
            "CREATE INDEX crons_next ON crons(next_run_date) WHERE enabled AND next_run_date IS NOT NULL",
            "CREATE INDEX crons_assistant ON crons(assistant_id)",
            "CREATE INDEX crons_thread ON crons(thread_id)",
        },
    };

    private Schema() {
    }

    /** Creates the tables or brings an existing file up to date, in one transaction. */
    static void apply(Connection c) throws SQLException {
        Sql.inTransaction(c, tx -> {
            try (Statement s = tx.createStatement()) {
                for (String ddl : BASE) s.execute(ddl);
                int version = version(s);
                if (version > CHANGES.length) {
                    throw new SQLException("spool.db has schema version " + version + ", newer than this Spool knows ("
                            + CHANGES.length + "); use the Spool version that wrote it");
                }
                for (int v = version; v < CHANGES.length; v++) {
                    for (String ddl : CHANGES[v]) s.execute(ddl);
                }
                s.execute("PRAGMA user_version = " + CHANGES.length);
            }
            return null;
        });
    }

    private static int version(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
