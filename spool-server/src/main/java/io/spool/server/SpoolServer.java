package io.spool.server;

import io.spool.a2a.A2aEndpoint;
import io.spool.assistants.Assistants;
import io.spool.auth.Security;
import io.spool.errors.ApiError;
import io.spool.config.ServerConfig;
import io.spool.crons.CronScheduler;
import io.spool.crons.CronService;
import io.spool.graphs.GraphDependencies;
import io.spool.graphs.GraphRegistry;
import io.spool.graphs.GraphsConfig;
import io.spool.http.Api;
import io.spool.http.JsonErrorHandler;
import io.spool.http.Router;
import io.spool.http.ws.ProtocolSocketRoute;
import io.spool.mcp.McpEndpoint;
import io.spool.metrics.Metrics;
import io.spool.runs.RunService;
import io.spool.storage.EventBus;
import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.StorageProvider;
import io.spool.store.NodeStore;
import io.spool.store.StoreConfig;
import io.spool.store.StoreIndex;
import io.spool.store.StoreScope;
import io.spool.store.StoreService;
import io.spool.telemetry.Tracing;
import io.spool.threads.ThreadService;
import io.spool.threads.TtlSweeper;
import io.spool.webhooks.WebhookSettings;
import io.spool.webhooks.Webhooks;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.ToIntFunction;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Spool: storage, graphs, thread logs, the run queue and the HTTP server, wired together. */
public final class SpoolServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolServer.class);
    private static final int TAIL_CAPACITY = 10_000;

    private final Tracing tracing;
    private final Metrics metrics = new Metrics();
    private final Storage storage;
    private final EventBus logs;
    private final RunService runs;
    private final Webhooks webhooks;
    private final TtlSweeper ttlSweeper;
    private final CronScheduler cronScheduler;
    private final Server http;
    private final ServerConnector connector;
    private final Router routes;
    private volatile java.time.Duration shutdownGrace = java.time.Duration.ZERO;
    private boolean closed;

    private SpoolServer(ServerConfig config, Map<String, Object> givenGraphs) throws Exception {
        java.time.Duration cronTick = cronTick(System.getenv()); // a wrong value stops the start before anything runs
        this.tracing = Tracing.start(System.getenv());
        GraphRegistry graphs = givenGraphs.isEmpty() ? loadGraphs(config)
                : GraphRegistry.of(givenGraphs, Thread.currentThread().getContextClassLoader());
        Security security = Security.resolve(System.getenv(), config.apiKeysFile(), config.graphsConfig(),
                Thread.currentThread().getContextClassLoader(), config.host());
        StoreIndex storeIndex = StoreConfig.index(config.graphsConfig(), Thread.currentThread().getContextClassLoader(),
                System.getenv());
        this.storage = openStorage(config);
        metrics.storage(storage);
        this.logs = metrics.meter(storage.eventBus());
        ThreadService threads = new ThreadService(storage, logs, graphs);
        Assistants assistants = new Assistants(storage.assistants(), graphs,
                LangGraphConfigEnv.parse(System.getenv(LangGraphConfigEnv.NAME)));
        this.webhooks = new Webhooks(WebhookSettings.resolve(System.getenv(), config.graphsConfig()));
        this.runs = new RunService(storage, logs, threads, assistants, graphs, config.maxConcurrentRuns(), webhooks);
        runs.meter(metrics.runs());
        metrics.queue(runs::queueStats);
        StoreService store = new StoreService(storage.items(), storeIndex);
        // before recovery, so recovered runs have it too; with auth on each run sees its identity's part of the store
        runs.useStore(identity -> new NodeStore(store,
                security.authOn() ? StoreScope.of(identity) : StoreScope.SHARED));
        if (storage.durable()) runs.recover();
        Map<String, ToIntFunction<Instant>> sweeps = new LinkedHashMap<>();
        sweeps.put("thread", threads::sweepExpired);
        sweeps.put("store item", store::sweepExpired);
        this.ttlSweeper = new TtlSweeper(sweeps, config.ttlSweepInterval(), storage);
        CronService crons = new CronService(storage.crons(), threads, assistants);

        // Handlers run on virtual threads of their own; the pool only runs Jetty's selectors and acceptors. A plain
        // queue: Jetty's default one sizes itself through JMX, which costs a start-up about 70 ms.
        QueuedThreadPool pool = new QueuedThreadPool(16, 4, 60_000, new LinkedBlockingQueue<>());
        pool.setName("spool-http");
        this.http = new Server(pool);
        HttpConfiguration httpConfig = new HttpConfiguration();
        httpConfig.setSendServerVersion(false);
        httpConfig.setOutputBufferSize(8 * 1024);
        this.connector = new ServerConnector(http, 1, 1, new HttpConnectionFactory(httpConfig));
        connector.setHost(config.host());
        connector.setPort(config.port());
        connector.setIdleTimeout(10 * 60 * 1000L);
        http.addConnector(connector);
        ProtocolSocketRoute.install(http);
        this.routes = Api.routes(storage, graphs, assistants, threads, runs, store, crons, logs, config.heartbeat(),
                metrics);
        new McpEndpoint(assistants, graphs, runs, Api.VERSION).register(routes);
        new A2aEndpoint(assistants, graphs, runs, threads, logs, config.heartbeat(), Api.VERSION).register(routes);
        routes.secure(security, params -> { // another identity's thread does not exist, under any of its paths
            String threadId = params.get("thread_id");
            if (threadId != null && threads.hiddenFromCaller(threadId)) throw ApiError.threadNotFound(threadId);
        });
        http.setHandler(routes);
        http.setErrorHandler(new JsonErrorHandler());
        http.setStopTimeout(3_000);
        http.start();
        // once serving: slots that passed while no server ran fire now, once each
        this.cronScheduler = new CronScheduler(storage.crons(), runs, threads,
                security.authOn() ? security.authenticator() : null, cronTick, metrics::cronFired);
        LOG.info("Spool listening on http://{}:{} (storage {}, graphs {}, auth {})", config.host(), port(),
                config.storage(), graphs.all().keySet(), security.authOn() ? "on" : "off");
        if (!security.authOn() && !Security.isLoopbackBind(config.host())) {
            LOG.warn("listening on {} with auth off: anyone who can reach this port can read, run and delete every "
                    + "thread; set SPOOL_API_KEYS (see docs/security.md)", config.host());
        }
    }

    /** Starts a server; throws if the graphs config, the storage or the port is unusable. */
    public static SpoolServer start(ServerConfig config) throws Exception {
        return new SpoolServer(config, Map.of());
    }

    /**
     * Starts a server for the given graphs (graph id to a compiled graph, or anything an installed runtime adapter
     * supports) instead of the graphs of a config file: what {@link Spool#builder()} uses.
     */
    public static SpoolServer start(ServerConfig config, Map<String, Object> graphs) throws Exception {
        if (graphs.isEmpty()) throw new IllegalArgumentException("no graphs to serve");
        return new SpoolServer(config, graphs);
    }

    /**
     * The graphs of the config file (their classes from its {@code dependencies} too), or with no file the example
     * graphs found on the class path. Threads started from here on (Jetty's, the runs') see the graphs' class loader
     * as their context loader, as code that looks classes up by name expects.
     */
    private static GraphRegistry loadGraphs(ServerConfig config) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (config.graphsConfig() == null) return GraphRegistry.load(GraphsConfig.defaults(loader), loader);
        loader = GraphDependencies.loader(config.graphsConfig(), loader);
        Thread.currentThread().setContextClassLoader(loader);
        return GraphRegistry.load(GraphsConfig.read(config.graphsConfig()), loader);
    }

    /** How often due crons are looked for: {@code SPOOL_CRON_TICK_MS}, one second by default. */
    private static java.time.Duration cronTick(Map<String, String> env) {
        String v = env.get("SPOOL_CRON_TICK_MS");
        if (v == null || v.isBlank()) return java.time.Duration.ofSeconds(1);
        try {
            long ms = Long.parseLong(v.strip());
            if (ms >= 10 && ms <= 60_000) return java.time.Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("SPOOL_CRON_TICK_MS must be a whole number of milliseconds from 10 to "
                + "60000, got " + v);
    }

    private static Storage openStorage(ServerConfig config) {
        // readers wake a quarter heartbeat apart, so heartbeats are at most that late
        return StorageProvider.open(config.storage(), new StorageOptions(config.dataDir(), TAIL_CAPACITY,
                config.heartbeat().dividedBy(4), config.storageSettings()));
    }

    public int port() {
        return connector.getLocalPort();
    }

    /**
     * How long {@link #close} lets running runs finish before it hands them back to the queue; zero (the default
     * for embedded servers and tests) cancels them at once, as interrupted.
     */
    public void shutdownGrace(java.time.Duration grace) {
        this.shutdownGrace = grace;
    }

    /**
     * Stops gracefully: no new connections, new requests on open ones 503; running runs get the grace period to
     * finish, then go back to the queue (they run again after a restart) and whoever waits for them is answered;
     * open streams end with an event saying why; the thread logs are flushed, storage is closed.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        routes.drain();
        try {
            connector.close(); // stops accepting; open connections carry on
        } catch (RuntimeException e) {
            LOG.warn("closing the listener: {}", e.toString());
        }
        ttlSweeper.close();
        cronScheduler.close(); // before the runs stop: no firing after
        runs.close(shutdownGrace);
        webhooks.close(); // after the runs: the ends of runs cancelled above are sent too
        try {
            int open = routes.endStreams(java.time.Duration.ofSeconds(5));
            if (open > 0) LOG.warn("{} requests still open at shutdown are cut off", open);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            http.stop();
        } catch (Exception e) {
            LOG.warn("stopping HTTP: {}", e.toString());
        }
        storage.close(); // stores what the thread logs still hold first
        tracing.close(); // exports the last spans
        metrics.close();
        LOG.info("Spool stopped");
    }
}
