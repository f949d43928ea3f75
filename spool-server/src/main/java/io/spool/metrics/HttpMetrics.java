package io.spool.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests by method, route template and status, their latency in milliseconds (as the official server's
 * {@code lg_api_http_requests_latency}), and the streams open per route. Routes are templates
 * ({@code /threads/{thread_id}/runs}) or {@code unmatched}, so the number of series stays bounded.
 */
public final class HttpMetrics {

    /** Latency buckets, milliseconds: from a cached read to a long {@code /wait}. */
    private static final double[] BUCKETS_MS = {1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000};

    private record Series(Counter count, DistributionSummary latency) {
    }

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Series> series = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** A request ended. */
    public void request(String method, String route, int status, long nanos) {
        requests.increment();
        String key = method + ' ' + route + ' ' + status;
        Series s = series.get(key);
        if (s == null) s = series.computeIfAbsent(key, k -> register(method, route, status));
        s.count().increment();
        s.latency().record(nanos / 1_000_000.0);
    }

    /** A response on {@code route} became a stream (SSE, or a {@code /wait} kept alive). */
    public void streamStarted(String route) {
        open.computeIfAbsent(route, r -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder(Metrics.PREFIX + "http_open_streams", n, AtomicInteger::get)
                    .description("Streamed responses open").tag("route", r).register(registry);
            return n;
        }).incrementAndGet();
    }

    public void streamEnded(String route) {
        AtomicInteger n = open.get(route);
        if (n != null) n.decrementAndGet();
    }

    int openStreams() {
        return open.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    long requests() {
        return requests.sum();
    }

    private Series register(String method, String route, int status) {
        String code = Integer.toString(status);
        Counter count = Counter.builder(Metrics.PREFIX + "http_requests").description("HTTP requests answered")
                .tags("method", method, "route", route, "status", code).register(registry);
        DistributionSummary latency = DistributionSummary.builder(Metrics.PREFIX + "http_requests_latency")
                .description("HTTP request latency, milliseconds (a stream's lasts until it ends)")
                .tags("method", method, "route", route, "status", code)
                .serviceLevelObjectives(BUCKETS_MS).register(registry);
        return new Series(count, latency);
    }
}
