package io.spool.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs: how long a first attempt waited in the queue (the official {@code lg_api_run_queue_wait_time_1st_attempt},
 * milliseconds), and each ended run by graph and final status with its duration.
 */
public final class RunMetrics {

    private static final double[] BUCKETS_MS = {1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000,
        60000, 300000};

    private record Series(Counter count, DistributionSummary duration) {
    }

    private final MeterRegistry registry;
    private final DistributionSummary firstWait;
    private final ConcurrentHashMap<String, Series> ended = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byStatus = new ConcurrentHashMap<>();

    RunMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.firstWait = DistributionSummary.builder(Metrics.PREFIX + "run_queue_wait_time_1st_attempt")
                .description("Time from a run's due time to the start of its first attempt, milliseconds")
                .serviceLevelObjectives(BUCKETS_MS).register(registry);
    }

    /** A run started executing after waiting {@code waitedMillis} since it was due. */
    public void started(int attempt, long waitedMillis) {
        if (attempt <= 1) firstWait.record(Math.max(0, waitedMillis));
    }

    /** A run ended with {@code status} ({@code success}, {@code error}, {@code interrupted}, ...). */
    public void ended(String graphId, String status, long ranNanos) {
        String key = graphId + ' ' + status;
        Series s = ended.get(key);
        if (s == null) s = ended.computeIfAbsent(key, k -> register(graphId, status));
        s.count().increment();
        s.duration().record(ranNanos / 1_000_000.0);
        byStatus.computeIfAbsent(status, st -> new LongAdder()).increment();
    }

    /** Runs ended in this process, by final status. */
    Map<String, Long> endedByStatus() {
        Map<String, Long> out = new TreeMap<>();
        byStatus.forEach((status, n) -> out.put(status, n.sum()));
        return out;
    }

    private Series register(String graphId, String status) {
        Counter count = Counter.builder(Metrics.PREFIX + "runs").description("Runs ended, by graph and status")
                .tags("graph_id", graphId, "status", status).register(registry);
        DistributionSummary duration = DistributionSummary.builder(Metrics.PREFIX + "run_duration")
                .description("Run execution time from start to end, milliseconds")
                .tags("graph_id", graphId, "status", status)
                .serviceLevelObjectives(BUCKETS_MS).register(registry);
        return new Series(count, duration);
    }
}
