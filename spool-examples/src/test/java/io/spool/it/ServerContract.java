package io.spool.it;

import io.spool.config.ServerConfig;
import io.spool.server.SpoolServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Base of the HTTP contract tests: one in-process server per test class, on a random port, with the storage the
 * concrete subclass names ({@code MemoryXxxTest}, {@code SqliteXxxTest}); a backend that needs more than a name
 * overrides {@link #backend()}. Heartbeats every second and TTL sweeps
 * every {@link #TTL_SWEEP}, so tests that check them stay short.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class ServerContract {

    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    static final Duration TTL_SWEEP = Duration.ofMillis(200);
    /** Deadline for anything that should take well under a second. */
    static final Duration SOON = Duration.ofSeconds(15);

    private SpoolServer server;
    private Path dataDir;
    Http http;
    Api api;

    /** {@code memory} or {@code sqlite}. */
    abstract String storage();

    /** The backend the server runs on: by default the one {@link #storage()} names. */
    Backend backend() {
        return Backend.named(storage());
    }

    @BeforeAll
    void startServer() throws Exception {
        dataDir = Files.createTempDirectory("spool-it-" + storage() + "-");
        server = SpoolServer.start(backend().configure(ServerConfig.defaults(), dataDir)
                .withPort(0)
                .withHeartbeat(HEARTBEAT)
                .withTtlSweepInterval(TTL_SWEEP));
        http = new Http(server.port());
        api = new Api(http);
    }

    @AfterAll
    void stopServer() throws IOException {
        if (http != null) http.close();
        if (server != null) server.close();
        if (dataDir != null) deleteTree(dataDir);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
