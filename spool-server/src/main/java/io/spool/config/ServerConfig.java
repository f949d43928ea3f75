package io.spool.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How a Spool server is started: from {@code ./spool serve} flags, environment variables, or a test.
 *
 * @param host             interface to bind
 * @param port             port to bind; 0 picks a free one (tests)
 * @param storage          {@code sqlite} (the embedded default) or {@code memory}
 * @param dataDir          where {@code sqlite} keeps its file
 * @param graphsConfig     a {@code langgraph.json}-style file naming the graphs; null loads the graphs found on the
 *                         class path under {@code spool/default-graphs.json} (the examples)
 * @param heartbeat        interval of {@code : heartbeat} comments on SSE responses
 * @param maxConcurrentRuns how many runs execute at once across all threads
 * @param ttlSweepInterval how often threads whose TTL ran out are looked for and expired
 * @param storageSettings  named settings only the chosen backend reads ({@code postgres-url}, {@code redis-url}, ...)
 * @param apiKeysFile      {@code identity=key} lines turning API-key auth on; null: {@code SPOOL_API_KEYS} (or none)
 */
public record ServerConfig(
        String host,
        int port,
        String storage,
        Path dataDir,
        Path graphsConfig,
        Duration heartbeat,
        int maxConcurrentRuns,
        Duration ttlSweepInterval,
        Map<String, String> storageSettings,
        Path apiKeysFile) {

    public static final int DEFAULT_PORT = 8123;

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", DEFAULT_PORT, "sqlite", Path.of(".spool"), null,
                Duration.ofSeconds(5), 64, Duration.ofMinutes(1), Map.of(), null);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, storage, dataDir, graphsConfig,
                heartbeat, maxConcurrentRuns, ttlSweepInterval, storageSettings, apiKeysFile);
    }

    public ServerConfig withStorage(String s) {
        return new ServerConfig(host, port, s, dataDir, graphsConfig,
                heartbeat, maxConcurrentRuns, ttlSweepInterval, storageSettings, apiKeysFile);
    }

    public ServerConfig withDataDir(Path d) {
        return new ServerConfig(host, port, storage, d, graphsConfig,
                heartbeat, maxConcurrentRuns, ttlSweepInterval, storageSettings, apiKeysFile);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, storage, dataDir, graphsConfig,
                heartbeat, maxConcurrentRuns, ttlSweepInterval, storageSettings, apiKeysFile);
    }

    public ServerConfig withGraphsConfig(Path g) {
        return new ServerConfig(host, port, storage, dataDir, g,
                heartbeat, maxConcurrentRuns, ttlSweepInterval, storageSettings, apiKeysFile);
    }

    public ServerConfig withHeartbeat(Duration h) {
        return new ServerConfig(host, port, storage, dataDir, graphsConfig,
                h, maxConcurrentRuns, ttlSweepInterval, storageSettings, apiKeysFile);
    }

    public ServerConfig withMaxConcurrentRuns(int n) {
        return new ServerConfig(host, port, storage, dataDir, graphsConfig,
                heartbeat, n, ttlSweepInterval, storageSettings, apiKeysFile);
    }

    public ServerConfig withTtlSweepInterval(Duration d) {
        return new ServerConfig(host, port, storage, dataDir, graphsConfig,
                heartbeat, maxConcurrentRuns, d, storageSettings, apiKeysFile);
    }

    /** The same config with one more storage setting ({@code postgres-url}, ...). */
    public ServerConfig withStorageSetting(String name, String value) {
        Map<String, String> s = new HashMap<>(storageSettings);
        s.put(name, value);
        return new ServerConfig(host, port, storage, dataDir, graphsConfig,
                heartbeat, maxConcurrentRuns, ttlSweepInterval, Map.copyOf(s), apiKeysFile);
    }

    public ServerConfig withApiKeysFile(Path f) {
        return new ServerConfig(host, port, storage, dataDir, graphsConfig,
                heartbeat, maxConcurrentRuns, ttlSweepInterval, storageSettings, f);
    }
}
