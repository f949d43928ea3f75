package io.spool.storage.sqlite;

/** The SQLite schema; every statement is idempotent so opening an existing file is safe. */
final class Schema {

    static final String[] STATEMENTS = {
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

    private Schema() {
    }
}
