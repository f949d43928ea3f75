package io.spool.http;

import io.spool.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code GET /metrics}: Prometheus text (the default, as the official server) or {@code ?format=json}. */
final class MetricsRoutes {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Metrics metrics;

    MetricsRoutes(Metrics metrics) {
        this.metrics = metrics;
    }

    void register(Router r) {
        r.add("GET", "/metrics", this::metrics);
    }

    private void metrics(Exchange ex) {
        String format = Params.oneOf(ex, "format", List.of("prometheus", "json"), "prometheus");
        ex.header("Cache-Control", "no-store");
        if (format.equals("json")) {
            ex.json(metrics.json());
        } else {
            ex.respond(200, PROMETHEUS_TEXT, metrics.prometheus().getBytes(StandardCharsets.UTF_8));
        }
    }
}
