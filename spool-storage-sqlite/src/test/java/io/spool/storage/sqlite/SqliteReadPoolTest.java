package io.spool.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.storage.StorageOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads do not queue behind each other: one that holds its connection (a long replay) leaves others theirs. */
class SqliteReadPoolTest {

    @TempDir
    Path dir;

    @Test
    void aReadHoldingItsConnectionDoesNotHoldUpOtherReads() throws Exception {
        try (SqliteStorage storage = new SqliteStorage(
                new StorageOptions(dir, 1000, Duration.ofSeconds(1), Map.of("sqlite-readers", "2")))) {
            CountDownLatch reading = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread slow = Thread.ofVirtual().start(() -> storage.reads().scan("SELECT 1", rs -> {
                reading.countDown();
                try {
                    release.await(); // a replay still decoding its chunks
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }));
            try {
                assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
                CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(
                        () -> storage.threads().get("someone-else").isPresent());
                assertThat(other.get(10, TimeUnit.SECONDS)).as("another read, while the first holds on").isFalse();
                storage.ping();
            } finally {
                release.countDown();
                slow.join(10_000);
            }
        }
    }
}
