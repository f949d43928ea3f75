package io.spool.storage.sqlite;

import io.spool.storage.AssistantStore;
import io.spool.storage.CheckpointStore;
import io.spool.storage.CronStore;
import io.spool.storage.EventBus;
import io.spool.storage.EventStore;
import io.spool.storage.ItemStore;
import io.spool.storage.PoolStats;
import io.spool.storage.RunQueue;
import io.spool.storage.RunStore;
import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.StorageUnavailableException;
import io.spool.storage.ThreadLocks;
import io.spool.storage.ThreadStore;
import io.spool.storage.local.LocalSeam;
import io.spool.storage.sql.SqlAccess;
import io.spool.storage.sql.SqlCronStore;
import io.spool.storage.sql.SqlItemStore;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The embedded default: one SQLite file in WAL mode. {@code synchronous=NORMAL} makes every commit survive a killed
 * process (the WAL is written before commit returns); only an OS crash or power loss can drop the last commits.
 * A full disk or a read-only file is an outage ({@link WriteHealth}): writes answer 503 naming the file, and the
 * server carries on by itself once the file can be written again.
 */
public final class SqliteStorage implements Storage {

    /** Read connections when the settings do not say: enough that replays and other reads do not queue. */
    static final int DEFAULT_READERS = 4;

    private final WriteHealth health;
    private final ScheduledExecutorService probe;
    private final Sql writer;
    private final Sql reader;
    private final HikariDataSource readerPool;
    private final SqliteThreadStore threads;
    private final SqliteRunStore runs;
    private final SqliteCheckpointStore checkpoints;
    private final SqliteEventStore events;
    private final SqliteAssistantStore assistants;
    private final SqlItemStore items;
    private final SqlCronStore crons;
    private final LocalSeam seam;

    /** A file in {@code dataDir}, with the default options. */
    public SqliteStorage(Path dataDir) {
        this(new StorageOptions(dataDir));
    }

    public SqliteStorage(StorageOptions options) {
        Path dataDir = options.dataDir();
        Path file = dataDir.resolve("spool.db").toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot create the data directory " + dataDir.toAbsolutePath()
                    + " (" + e.getMessage() + ")", e);
        }
        this.health = new WriteHealth(file);
        String url = "jdbc:sqlite:" + file;
        this.writer = Sql.writer(open(url, true, health), health);
        int readConnections = readers(options);
        this.readerPool = readerPool(url, readConnections);
        this.reader = Sql.readers(readerPool, health);
        this.threads = new SqliteThreadStore(writer, reader);
        this.runs = new SqliteRunStore(writer, reader);
        this.checkpoints = new SqliteCheckpointStore(writer, reader);
        this.events = new SqliteEventStore(writer, reader, readConnections);
        this.assistants = new SqliteAssistantStore(writer, reader);
        SqlAccess access = new SqlAccess() {
            @Override
            public <T> T read(Work<T> work) {
                return reader.with(work::run); // each read is one statement: no transaction (BEGIN IMMEDIATE) needed
            }

            @Override
            public <T> T write(Work<T> work) {
                return writer.transaction(work::run);
            }
        };
        this.items = new SqlItemStore(access);
        this.crons = new SqlCronStore(access);
        this.seam = new LocalSeam(events, options);
        this.probe = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spool-sqlite-probe");
            t.setDaemon(true);
            return t;
        });
        probe.scheduleWithFixedDelay(this::probeWhileFailing, 1, 1, TimeUnit.SECONDS);
    }

    /** How many read connections: the {@code sqlite-readers} setting, else {@value #DEFAULT_READERS}. */
    private static int readers(StorageOptions options) {
        String v = options.setting("sqlite-readers");
        if (v == null) return DEFAULT_READERS;
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 1 && n <= 64) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("SPOOL_SQLITE_READERS must be a whole number from 1 to 64, got " + v);
    }

    /**
     * The read connections, all opened at start (SQLite opens a file, no network): the pool only lends them out.
     * Reads never write, so an outage of the disk leaves them working.
     */
    private static HikariDataSource readerPool(String url, int size) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("spool-sqlite-readers");
        c.setJdbcUrl(url);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(size);
        c.setIdleTimeout(0);
        c.setMaxLifetime(0); // a file handle does not go stale
        c.setKeepaliveTime(0);
        c.setConnectionTimeout(30_000);
        // the driver's names for the PRAGMAs each connection starts with
        c.addDataSourceProperty("busy_timeout", "10000");
        c.addDataSourceProperty("journal_mode", "WAL");
        c.addDataSourceProperty("synchronous", "NORMAL");
        return new HikariDataSource(c);
    }

    /** A failure to open names the file and what is wrong with it (read-only, missing, full) in one line. */
    private static Connection open(String url, boolean createSchema, WriteHealth health) {
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
            String cause = health.cause(e);
            if (cause != null) throw new StorageUnavailableException(cause, e);
            throw new StorageException(e);
        }
    }

    /** During an outage, a tiny write every second finds out when it is over; nothing else may write meanwhile. */
    private void probeWhileFailing() {
        if (!health.failing()) return;
        try {
            writer.unchecked(c -> Sql.inTransaction(c, tx -> {
                try (Statement s = tx.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS write_probe (id INTEGER PRIMARY KEY, at INTEGER NOT NULL)");
                    s.execute("INSERT OR REPLACE INTO write_probe (id, at) VALUES (1, " + System.currentTimeMillis()
                            + ")");
                }
                return null;
            }));
        } catch (RuntimeException stillFailing) {
            // recorded by the health, which logs at intervals
        }
    }

    /** The read connections (for tests of this package). */
    Sql reads() {
        return reader;
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
    public CronStore crons() {
        return crons;
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
    public List<PoolStats> pools() {
        var p = readerPool.getHikariPoolMXBean();
        return p == null ? List.of() : List.of(new PoolStats(readerPool.getPoolName(), p.getActiveConnections(),
                p.getIdleConnections(), readerPool.getMaximumPoolSize(), p.getThreadsAwaitingConnection()));
    }

    @Override
    public void ping() {
        health.check();
        StorageUnavailableException events = seam.eventFailure();
        if (events != null) throw new StorageUnavailableException(events.getMessage(), events);
        reader.query("SELECT 1", rs -> rs.getInt(1));
    }

    @Override
    public void close() {
        probe.shutdownNow();
        seam.close();
        writer.close();
        reader.close();
    }
}
