package io.spool.storage.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spool.storage.StorageOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database on the test PostgreSQL ({@code SPOOL_TEST_POSTGRES_URL}, set by {@code ./spool test} through
 * {@code scripts/test-services.sh}), so tests never see each other's threads. Without the variable the test is
 * skipped, saying why.
 */
final class TestDatabase {

    private TestDatabase() {
    }

    /** Options naming a new database and the test Redis. */
    static StorageOptions create(StorageOptions base) {
        String server = System.getenv("SPOOL_TEST_POSTGRES_URL");
        String redis = System.getenv("SPOOL_TEST_REDIS_URL");
        assumeTrue(server != null && redis != null, "SPOOL_TEST_POSTGRES_URL / SPOOL_TEST_REDIS_URL are not set: "
                + "run through ./spool test, or eval \"$(scripts/test-services.sh start)\" first");
        String name = "spool_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        PgUrl url = PgUrl.parse(server, null, null);
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a test database on " + url.where(), e);
        }
        String dbUrl = server.substring(0, server.lastIndexOf('/') + 1) + name;
        return new StorageOptions(base.dataDir(), base.tailCapacity(), base.readerTick() == null ? Duration.ofSeconds(1)
                : base.readerTick(), Map.of("postgres-url", dbUrl, "redis-url", redis));
    }
}
