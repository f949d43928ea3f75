package io.spool.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spool.config.ServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code postgres} backend on the test services of {@code ./spool test} ({@code SPOOL_TEST_POSTGRES_URL},
 * {@code SPOOL_TEST_REDIS_URL}, started by {@code scripts/test-services.sh}). Each instance makes a database of its own
 * on first use, so test classes never see each other's threads; every server started with the same instance shares
 * that database (the multi-process tests). Without the variables the test is skipped, saying why.
 */
final class PostgresBackend implements Backend {

    private String databaseUrl;

    static String serverUrl() {
        return System.getenv("SPOOL_TEST_POSTGRES_URL");
    }

    static String redisUrl() {
        return System.getenv("SPOOL_TEST_REDIS_URL");
    }

    static void assumeServices() {
        assumeTrue(serverUrl() != null && redisUrl() != null, "SPOOL_TEST_POSTGRES_URL / SPOOL_TEST_REDIS_URL are "
                + "not set: run through ./spool test, or eval \"$(scripts/test-services.sh start)\" first");
    }

    @Override
    public String name() {
        return "postgres";
    }

    /** postgresql://USER@HOST:PORT/DB of this backend's own database. */
    synchronized String databaseUrl() {
        if (databaseUrl == null) {
            assumeServices();
            String server = serverUrl();
            String name = "spool_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            String jdbc = "jdbc:" + server.replaceFirst("^postgresql://[^@/]*@", "postgresql://");
            String user = server.replaceFirst("^postgresql://([^@/:]*).*$", "$1");
            try (Connection c = DriverManager.getConnection(jdbc, user, null); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create a test database on " + server, e);
            }
            databaseUrl = server.substring(0, server.lastIndexOf('/') + 1) + name;
        }
        return databaseUrl;
    }

    @Override
    public ServerConfig configure(ServerConfig base, Path dataDir) {
        return base.withStorage(name()).withDataDir(dataDir).withStorageSetting("postgres-url", databaseUrl())
                .withStorageSetting("redis-url", redisUrl());
    }

    @Override
    public List<String> serveArguments(Path dataDir) {
        List<String> args = new ArrayList<>(Backend.super.serveArguments(dataDir));
        args.addAll(List.of("--postgres-url", databaseUrl(), "--redis-url", redisUrl()));
        return args;
    }
}
