package io.spool.storage.sqlite;

import io.spool.storage.AssistantStore;
import io.spool.storage.CheckpointStore;
import io.spool.storage.EventBus;
import io.spool.storage.EventStore;
import io.spool.storage.ItemStore;
import io.spool.storage.RunQueue;
import io.spool.storage.RunStore;
import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.ThreadLocks;
import io.spool.storage.ThreadStore;
import io.spool.storage.local.LocalSeam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded default: one SQLite file in WAL mode. {@code synchronous=NORMAL} makes every commit survive a killed
 * process (the WAL is written before commit returns); only an OS crash or power loss can drop the last commits.
 */
public final class SqliteStorage implements Storage {

    private final Sql writer;
    private final Sql reader;
    private final SqliteThreadStore threads;
    private final SqliteRunStore runs;
    private final SqliteCheckpointStore checkpoints;
    private final SqliteEventStore events;
    private final SqliteAssistantStore assistants;
    private final SqliteItemStore items;
    private final LocalSeam seam;

    /** A file in {@code dataDir}, with the default options. */
    public SqliteStorage(Path dataDir) {
        this(new StorageOptions(dataDir));
    }

    public SqliteStorage(StorageOptions options) {
        Path dataDir = options.dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        String url = "jdbc:sqlite:" + dataDir.resolve("spool.db").toAbsolutePath();
        this.writer = new Sql(open(url, true));
        this.reader = new Sql(open(url, false));
        this.threads = new SqliteThreadStore(writer, reader);
        this.runs = new SqliteRunStore(writer, reader);
        this.checkpoints = new SqliteCheckpointStore(writer, reader);
        this.events = new SqliteEventStore(writer, reader);
        this.assistants = new SqliteAssistantStore(writer, reader);
        this.items = new SqliteItemStore(writer, reader);
        this.seam = new LocalSeam(events, options);
    }

    private static Connection open(String url, boolean createSchema) {
        try {
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA foreign_keys=OFF");
            }
            if (createSchema) {
                Schema.apply(c);
                SqliteEventStore.migrateRowPerEvent(c);
            }
            return c;
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public ThreadStore threads() {
        return threads;
    }

    @Override
    public RunStore runs() {
        return runs;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    @Override
    public EventStore events() {
        return events;
    }

    @Override
    public AssistantStore assistants() {
        return assistants;
    }

    @Override
    public ItemStore items() {
        return items;
    }

    @Override
    public ThreadLocks threadLocks() {
        return seam.threadLocks();
    }

    @Override
    public RunQueue runQueue() {
        return seam.runQueue();
    }

    @Override
    public EventBus eventBus() {
        return seam.eventBus();
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void ping() {
        reader.query("SELECT 1", rs -> rs.getInt(1));
    }

    @Override
    public void close() {
        seam.close();
        writer.close();
        reader.close();
    }
}
