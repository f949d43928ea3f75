package io.spool.server;

import io.spool.config.ServerConfig;
import io.spool.storage.StorageUnavailableException;
import io.spool.telemetry.LogFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code spool serve [--host H] [--port P] [--storage sqlite|memory|postgres] [--data-dir DIR] [--config FILE]
 * [--ttl-sweep-seconds S] [--postgres-url URL --redis-url URL]}; {@code serve} may be left out ({@code java -jar spool-server.jar --config FILE}).
 */
public final class Main {

    private static final String USAGE = """
            usage: [spool] serve [--host 127.0.0.1] [--port 8123] [--storage sqlite|memory|postgres]
                               [--data-dir .spool] [--config langgraph.json] [--ttl-sweep-seconds 60]
                               [--log-format text|json] [--api-keys-file FILE]
                               [--postgres-url postgresql://USER@HOST:PORT/DB --redis-url redis://HOST:PORT]
                               [--lease-timeout-seconds 30] [--max-attempts 3] [--redis-retention 10000]
              environment: SPOOL_HOST, SPOOL_PORT, SPOOL_STORAGE, SPOOL_DATA_DIR, SPOOL_CONFIG,
                           SPOOL_TTL_SWEEP_SECONDS, SPOOL_LOG_FORMAT, SPOOL_POSTGRES_URL, SPOOL_REDIS_URL,
                           SPOOL_POSTGRES_USER, SPOOL_POSTGRES_PASSWORD, SPOOL_LEASE_TIMEOUT_SECONDS,
                           SPOOL_MAX_ATTEMPTS, SPOOL_REDIS_RETENTION, SPOOL_API_KEYS_FILE (flags win);
                           SPOOL_API_KEYS, SPOOL_CORS_ALLOW_ORIGINS, SPOOL_ALLOWED_HOSTS, SPOOL_AUTH_PUBLIC_PATHS;
                           OTEL_EXPORTER_OTLP_ENDPOINT and the other OTEL_* variables turn traces on""";

    /** Storage settings from the environment: variable, then the setting's name. */
    private static final String[][] STORAGE_ENV = {
        {"SPOOL_POSTGRES_URL", "postgres-url"},
        {"SPOOL_REDIS_URL", "redis-url"},
        {"SPOOL_POSTGRES_USER", "postgres-user"},
        {"SPOOL_POSTGRES_PASSWORD", "postgres-password"},
        {"SPOOL_SQLITE_READERS", "sqlite-readers"},
        {"SPOOL_LEASE_TIMEOUT_SECONDS", "lease-timeout-seconds"},
        {"SPOOL_MAX_ATTEMPTS", "max-attempts"},
        {"SPOOL_REDIS_RETENTION", "redis-retention"},
    };

    private Main() {
    }

    /** How long SIGTERM lets runs finish before handing them back: {@code SPOOL_SHUTDOWN_GRACE_SECONDS}, 10 s. */
    static java.time.Duration shutdownGrace(String value) {
        if (value == null || value.isBlank()) return java.time.Duration.ofSeconds(10);
        try {
            double s = Double.parseDouble(value.strip());
            if (s >= 0 && s <= 3600) return java.time.Duration.ofMillis((long) (s * 1000));
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("SPOOL_SHUTDOWN_GRACE_SECONDS must be a number of seconds from 0 to 3600, "
                + "got " + value);
    }

    public static void main(String[] args) {
        // Naming the logging backend spares SLF4J a class-path scan for it at every start (and its note about that).
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            System.out.println(USAGE);
            return;
        }
        ServerConfig config;
        try {
            config = parse(args, System.getenv());
            // before the first logger: LogFormat reads it when Logback starts
            System.setProperty(LogFormat.PROPERTY, logFormat(args, System.getenv()));
        } catch (IllegalArgumentException e) {
            System.err.println("spool: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            java.time.Duration grace = shutdownGrace(System.getenv("SPOOL_SHUTDOWN_GRACE_SECONDS"));
            SpoolServer server = SpoolServer.start(config);
            server.shutdownGrace(grace);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "spool-shutdown"));
            System.out.println("spool: listening on http://" + config.host() + ":" + server.port());
        } catch (StorageUnavailableException | IllegalArgumentException e) {
            // a database or Redis that is not there, or a setting it rejects: the operator's to fix, one line
            System.err.println("spool: cannot start: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("spool: cannot start: " + e.getMessage());
            System.exit(1);
        }
    }

    static ServerConfig parse(String[] args, Map<String, String> env) {
        // serve is the only command, so it may be left out: a runnable jar is started with just its options
        int first = args.length > 0 && args[0].equals("serve") ? 1 : 0;
        if (args.length > first && !args[first].startsWith("--")) {
            throw new IllegalArgumentException("unknown command " + args[first]);
        }
        ServerConfig c = ServerConfig.defaults();
        if (env.containsKey("SPOOL_HOST")) c = c.withHost(env.get("SPOOL_HOST"));
        if (env.containsKey("SPOOL_PORT")) c = c.withPort(port(env.get("SPOOL_PORT")));
        if (env.containsKey("SPOOL_STORAGE")) c = c.withStorage(storage(env.get("SPOOL_STORAGE")));
        if (env.containsKey("SPOOL_DATA_DIR")) c = c.withDataDir(Path.of(env.get("SPOOL_DATA_DIR")));
        if (env.containsKey("SPOOL_CONFIG")) c = c.withGraphsConfig(Path.of(env.get("SPOOL_CONFIG")));
        if (env.containsKey("SPOOL_TTL_SWEEP_SECONDS")) {
            c = c.withTtlSweepInterval(seconds(env.get("SPOOL_TTL_SWEEP_SECONDS"), "SPOOL_TTL_SWEEP_SECONDS"));
        }
        for (String[] v : STORAGE_ENV) {
            if (env.containsKey(v[0])) c = c.withStorageSetting(v[1], env.get(v[0]));
        }
        for (int i = first; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException(flag + " needs a value");
            String value = args[++i];
            c = switch (flag) {
                case "--host" -> c.withHost(value);
                case "--port" -> c.withPort(port(value));
                case "--storage" -> c.withStorage(storage(value));
                case "--data-dir" -> c.withDataDir(Path.of(value));
                case "--config" -> c.withGraphsConfig(Path.of(value));
                case "--ttl-sweep-seconds" -> c.withTtlSweepInterval(seconds(value, flag));
                case "--log-format" -> c; // read by logFormat, before logging starts
                case "--postgres-url" -> c.withStorageSetting("postgres-url", value);
                case "--redis-url" -> c.withStorageSetting("redis-url", value);
                case "--lease-timeout-seconds" -> c.withStorageSetting("lease-timeout-seconds", value);
                case "--max-attempts" -> c.withStorageSetting("max-attempts", value);
                case "--redis-retention" -> c.withStorageSetting("redis-retention", value);
                case "--api-keys-file" -> c.withApiKeysFile(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            };
        }
        if (c.storage().equals("postgres")) {
            if (c.storageSettings().get("postgres-url") == null) {
                throw new IllegalArgumentException("--storage postgres needs --postgres-url (or SPOOL_POSTGRES_URL)");
            }
            if (c.storageSettings().get("redis-url") == null) {
                throw new IllegalArgumentException("--storage postgres needs --redis-url (or SPOOL_REDIS_URL)");
            }
        }
        return c;
    }

    /** {@code --log-format} (or {@code SPOOL_LOG_FORMAT}): {@code text} (the default) or {@code json}. */
    static String logFormat(String[] args, Map<String, String> env) {
        String format = env.getOrDefault("SPOOL_LOG_FORMAT", "text");
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--log-format")) format = args[i + 1];
        }
        if (!LogFormat.isValid(format)) throw new IllegalArgumentException("log format must be text or json, got "
                + format);
        return format;
    }

    private static int port(String value) {
        try {
            int p = Integer.parseInt(value);
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number from 0 to 65535, got " + value);
        }
    }

    /** A positive number of seconds, fractions allowed (tests sweep every fraction of a second). */
    private static Duration seconds(String value, String name) {
        try {
            double s = Double.parseDouble(value);
            if (!(s > 0) || s > 86_400) throw new NumberFormatException();
            return Duration.ofNanos(Math.round(s * 1e9));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of seconds above 0 and at most 86400, got "
                    + value);
        }
    }

    private static String storage(String value) {
        if (!value.equals("sqlite") && !value.equals("memory") && !value.equals("postgres")) {
            throw new IllegalArgumentException("storage must be sqlite, memory or postgres, got " + value);
        }
        return value;
    }
}
