package io.spool.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spool.storage.EventBus;
import io.spool.storage.PoolStats;
import io.spool.storage.Storage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One server's meters, scraped at {@code /metrics}. Names follow the official Agent Server's Prometheus endpoint
 * where it has the figure ({@code lg_api_} prefix, latencies in milliseconds, {@code _total} counters, the queue and
 * worker gauges); Spool's own figures use the same prefix; the JVM's are Micrometer's standard names.
 */
public final class Metrics implements AutoCloseable {

    static final String PREFIX = "lg_api_";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpMetrics http = new HttpMetrics(registry);
    private final RunMetrics runs = new RunMetrics(registry);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private volatile MeteredEventBus eventBus;
    private volatile Supplier<QueueStats> queue = () -> QueueStats.EMPTY;
    private volatile Storage storage;

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        queueGauge("num_pending_runs", "Runs waiting to start", s -> s.pending());
        queueGauge("num_running_runs", "Runs executing", s -> s.running());
        queueGauge("pending_runs_wait_time_max_secs", "Longest wait of a due pending run, seconds",
                QueueStats::maxWaitSecs);
        queueGauge("pending_runs_wait_time_med_secs", "Median wait of the due pending runs, seconds",
                QueueStats::medianWaitSecs);
        queueGauge("workers_max", "Runs this process executes at most at once", s -> s.maxWorkers());
        queueGauge("workers_active", "Execution slots in use", s -> s.running());
        queueGauge("workers_available", "Execution slots free", s -> s.available());
    }

    public HttpMetrics http() {
        return http;
    }

    public RunMetrics runs() {
        return runs;
    }

    /** Where the queue gauges read from (the run service of this process). */
    public void queue(Supplier<QueueStats> queue) {
        this.queue = queue;
    }

    /** {@code bus}, counting the events appended and the readers open. */
    public EventBus meter(EventBus bus) {
        MeteredEventBus metered = new MeteredEventBus(bus, registry);
        this.eventBus = metered;
        return metered;
    }

    /** A cron's slot was claimed here: its run {@code started}, or was {@code refused} (a busy thread...) or {@code failed}. */
    public void cronFired(String outcome) {
        io.micrometer.core.instrument.Counter.builder(PREFIX + "crons_fired")
                .description("Cron slots fired by this process, by whether their run started").tag("outcome", outcome)
                .register(registry).increment();
    }

    /** The storage backend's connection pools as gauges. */
    public void storage(Storage storage) {
        this.storage = storage;
        for (PoolStats pool : storage.pools()) {
            String name = pool.name();
            poolGauge("storage_pool_connections_active", "Connections lent out", name, PoolStats::active);
            poolGauge("storage_pool_connections_idle", "Connections idle", name, PoolStats::idle);
            poolGauge("storage_pool_connections_max", "Connections the pool opens at most", name, PoolStats::max);
            poolGauge("storage_pool_waiting", "Callers waiting for a connection", name, PoolStats::waiting);
        }
    }

    /** Everything in the Prometheus text format. */
    public String prometheus() {
        return registry.scrape();
    }

    /** The official JSON shape (queue and workers), with Spool's stream, event and run figures beside it. */
    public Map<String, Object> json() {
        QueueStats q = queue.get();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> queueJson = new LinkedHashMap<>();
        queueJson.put("n_pending", q.pending());
        queueJson.put("n_running", q.running());
        queueJson.put("pending_runs_wait_time_max_secs", q.maxWaitSecs());
        queueJson.put("pending_runs_wait_time_med_secs", q.medianWaitSecs());
        out.put("queue", queueJson);
        Map<String, Object> workers = new LinkedHashMap<>();
        workers.put("max", q.maxWorkers());
        workers.put("active", q.running());
        workers.put("available", q.available());
        out.put("workers", workers);
        MeteredEventBus bus = eventBus;
        Map<String, Object> streams = new LinkedHashMap<>();
        streams.put("open", http.openStreams());
        streams.put("readers", bus == null ? 0 : bus.openReaders());
        streams.put("events_appended", bus == null ? 0 : bus.appended());
        out.put("streams", streams);
        out.put("runs", runs.endedByStatus());
        out.put("http", Map.of("requests", http.requests()));
        Storage s = storage;
        if (s != null) out.put("pools", s.pools());
        return out;
    }

    private void queueGauge(String name, String help, java.util.function.ToDoubleFunction<QueueStats> value) {
        Gauge.builder(PREFIX + name, this, m -> value.applyAsDouble(m.queue.get())).description(help)
                .register(registry);
    }

    private void poolGauge(String name, String help, String pool,
                           java.util.function.ToIntFunction<PoolStats> value) {
        Gauge.builder(PREFIX + name, this, m -> m.pool(pool).map(value::applyAsInt).orElse(0))
                .description(help).tag("pool", pool).register(registry);
    }

    private java.util.Optional<PoolStats> pool(String name) {
        Storage s = storage;
        if (s == null) return java.util.Optional.empty();
        List<PoolStats> pools = s.pools();
        return pools.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
