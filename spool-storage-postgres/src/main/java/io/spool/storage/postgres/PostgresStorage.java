package io.spool.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
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
import io.spool.storage.sql.SqlAccess;
import io.spool.storage.sql.SqlCronStore;
import io.spool.storage.sql.SqlItemStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * PostgreSQL as the source of truth (threads, runs, checkpoints, assistants, store items, the durable copy of every
 * event; the
 * schema by Flyway migrations in {@code db/migration}) and Redis for what processes tell each other.
 *
 * <p>Settings: {@code postgres-url} ({@code postgresql://USER@HOST:PORT/DB} or a {@code jdbc:postgresql://} URL),
 * {@code postgres-user} and {@code postgres-password} (win over the URL's), {@code redis-url};
 * {@code lease-timeout-seconds} (default {@value #DEFAULT_LEASE_SECONDS}: how long a process may go without a
 * heartbeat before its runs are re-queued), {@code max-attempts} (default {@value #DEFAULT_MAX_ATTEMPTS}) and
 * {@code redis-retention} (about how many events of each thread its Redis stream keeps, default 10,000).
 *
 * <p>What processes share: thread locks are advisory locks ({@link PgThreadLocks}), the run queue is a table with
 * leases ({@link PgRunQueue}, woken through Redis), the thread logs are stored in PostgreSQL and fanned out through a
 * Redis Stream per thread ({@link RedisEventBus}).
 */
public final class PostgresStorage implements Storage {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final int DEFAULT_LEASE_SECONDS = 30;
    static final int DEFAULT_MAX_ATTEMPTS = 3;

    private final PgUrl url;
    private final HikariDataSource pool;
    /** The connections that hold thread locks, apart, so lock holders never wait for their own work's connections. */
    private final HikariDataSource lockPool;
    private final Pg db;
    private final RedisClient redis;
    private final StatefulRedisConnection<String, String> redisCommands;
    private final PgThreadStore threads;
    private final PgRunStore runs;
    private final PgCheckpointStore checkpoints;
    private final PgEventStore events;
    private final PgAssistantStore assistants;
    private final SqlItemStore items;
    private final SqlCronStore crons;
    private final PgThreadLocks locks;
    private final Signals signals;
    private final RedisEventBus bus;
    private final PgRunQueue queue;

    public PostgresStorage(StorageOptions options) {
        this.url = PgUrl.parse(options.setting("postgres-url"), options.setting("postgres-user"),
                options.setting("postgres-password"));
        String redisUrl = options.setting("redis-url");
        if (redisUrl == null || redisUrl.isBlank()) {
            throw new IllegalArgumentException("the postgres storage needs --redis-url (redis://HOST:PORT)");
        }
        checkReachable(url);
        this.redis = RedisClient.create(redisUri(redisUrl));
        redis.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                // while Redis is away, commands fail at once (the event log and the queue fall back on PostgreSQL)
                // instead of piling up until it is back
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        this.redisCommands = connectRedis(redis, redisUrl);
        this.pool = pool(url, "spool-postgres", 16);
        this.lockPool = pool(url, "spool-postgres-locks", 32);
        try {
            this.db = new Pg(pool, url.where());
            migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            lockPool.close();
            redisCommands.close();
            redis.shutdown();
            throw e;
        }
        this.threads = new PgThreadStore(db);
        this.runs = new PgRunStore(db);
        this.checkpoints = new PgCheckpointStore(db);
        this.events = new PgEventStore(db);
        this.assistants = new PgAssistantStore(db);
        SqlAccess access = new SqlAccess() {
            @Override
            public <T> T read(Work<T> work) {
                return db.transaction(work::run); // a cursor needs a transaction on PostgreSQL
            }

            @Override
            public <T> T write(Work<T> work) {
                return db.transaction(work::run);
            }
        };
        this.items = new SqlItemStore(access);
        this.crons = new SqlCronStore(access);
        this.locks = new PgThreadLocks(lockPool, db);
        this.signals = new Signals(redis, url.where(), java.util.UUID.randomUUID().toString());
        this.bus = new RedisEventBus(events, options, redis, url.where(),
                (long) positive(options, "redis-retention", RedisEventBus.DEFAULT_RETENTION), signals);
        this.queue = new PgRunQueue(db, signals,
                Duration.ofMillis((long) (positive(options, "lease-timeout-seconds", DEFAULT_LEASE_SECONDS) * 1000)),
                (int) positive(options, "max-attempts", DEFAULT_MAX_ATTEMPTS), bus::catchUp);
    }

    private static double positive(StorageOptions options, String name, int otherwise) {
        String text = options.setting(name);
        if (text == null || text.isBlank()) return otherwise;
        try {
            double v = Double.parseDouble(text.trim());
            if (v > 0) return v;
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalArgumentException(name + " must be a positive number, got " + text);
    }

    /** One connection first, so an unreachable or misnamed database is one clear line, not a pool's retries. */
    private static void checkReachable(PgUrl url) {
        Properties p = credentials(url);
        p.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        p.setProperty("loginTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), p)) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new StorageUnavailableException("cannot reach PostgreSQL at " + url.where() + ": " + e.getMessage(),
                    e);
        }
    }

    private static Properties credentials(PgUrl url) {
        Properties p = new Properties();
        if (url.user() != null) p.setProperty("user", url.user());
        if (url.password() != null) p.setProperty("password", url.password());
        return p;
    }

    private static HikariDataSource pool(PgUrl url, String name, int size) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(name);
        c.setJdbcUrl(url.jdbcUrl());
        c.setDataSourceProperties(credentials(url));
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(2);
        // a request waits at most this long for a connection while the database is away, then gets a 503
        c.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        c.setValidationTimeout(2_000);
        c.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        c.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(c);
    }

    /** Brings the schema up to date; Flyway's own lock makes processes starting together migrate once. */
    private static void migrate(HikariDataSource pool) {
        Flyway.configure(PostgresStorage.class.getClassLoader())
                .dataSource(pool)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    private static RedisURI redisUri(String text) {
        try {
            RedisURI u = RedisURI.create(text);
            u.setTimeout(CONNECT_TIMEOUT);
            return u;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--redis-url must look like redis://HOST:PORT, got " + text);
        }
    }

    private static StatefulRedisConnection<String, String> connectRedis(RedisClient client, String text) {
        try {
            StatefulRedisConnection<String, String> c = client.connect();
            c.sync().ping();
            return c;
        } catch (RuntimeException e) {
            client.shutdown();
            throw new StorageUnavailableException("cannot reach Redis at " + text + ": " + rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    @Override
    public String name() {
        return "postgres";
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
        return locks;
    }

    @Override
    public RunQueue runQueue() {
        return queue;
    }

    @Override
    public EventBus eventBus() {
        return bus;
    }

    /** Once across processes: the job holds an advisory lock that the others' try fails on. */
    @Override
    public boolean runAlone(String name, Runnable job) {
        return locks.runAlone(name, job);
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public java.util.List<PoolStats> pools() {
        java.util.List<PoolStats> out = new java.util.ArrayList<>();
        for (HikariDataSource ds : java.util.List.of(pool, lockPool)) {
            var p = ds.getHikariPoolMXBean();
            if (p != null) {
                out.add(new PoolStats(ds.getPoolName(), p.getActiveConnections(), p.getIdleConnections(),
                        ds.getMaximumPoolSize(), p.getThreadsAwaitingConnection()));
            }
        }
        return out;
    }

    @Override
    public void ping() {
        db.query("SELECT 1", rs -> rs.getInt(1));
        try {
            redisCommands.sync().ping();
        } catch (RuntimeException e) {
            throw new StorageUnavailableException("Redis is unavailable: " + rootMessage(e), e);
        }
    }

    @Override
    public void close() {
        queue.close();
        bus.close();
        signals.close();
        redisCommands.close();
        redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        lockPool.close();
        pool.close();
    }
}
