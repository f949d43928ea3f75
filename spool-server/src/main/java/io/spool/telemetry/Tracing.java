package io.spool.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.Map;
import org.slf4j.MDC;

/**
 * OpenTelemetry traces: spans per request, run, node and model call. Off unless the standard variables ask for an
 * exporter ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, or
 * {@code OTEL_TRACES_EXPORTER} other than {@code none}); then the SDK is set up from them all (protocol, headers,
 * sampler, resource...) and registered as the global one, which the LangGraph4j and LangChain4j modules use too. Off,
 * a request or a run costs one read of a static field.
 */
public final class Tracing implements AutoCloseable {

    private static final String SCOPE = "io.spool.server";
    private static volatile boolean enabled;

    private final OpenTelemetrySdk sdk; // null: not ours to close (off, or set up by a service embedding Spool)

    private Tracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
    }

    /** Sets tracing up from the environment (once per process; a later server reuses what the first set up). */
    public static synchronized Tracing start(Map<String, String> env) {
        if (GlobalOpenTelemetry.isSet()) { // an embedding service's own SDK, or an earlier server's
            enabled = true;
            return new Tracing(null);
        }
        if (!wanted(env)) return new Tracing(null);
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of(
                        "otel.service.name", "spool",
                        // traces only, unless the variables ask for more
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
                .disableShutdownHook() // the server flushes its spans when it stops
                .setResultAsGlobal()
                .build()
                .getOpenTelemetrySdk();
        enabled = true;
        return new Tracing(sdk);
    }

    static boolean wanted(Map<String, String> env) {
        if ("true".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED"))) return false;
        String exporter = env.get("OTEL_TRACES_EXPORTER");
        if (exporter != null && !exporter.isBlank()) return !exporter.trim().equals("none");
        return present(env.get("OTEL_EXPORTER_OTLP_ENDPOINT")) || present(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
    }

    private static boolean present(String v) {
        return v != null && !v.isBlank();
    }

    /** Whether spans are recorded; callers skip building them when not. */
    public static boolean enabled() {
        return enabled;
    }

    public static Tracer tracer() {
        return GlobalOpenTelemetry.getOrNoop().getTracer(SCOPE);
    }

    /** Puts the span's ids into the logging context of this thread, so log lines name the trace. */
    public static void logContext(Span span) {
        SpanContext c = span.getSpanContext();
        if (!c.isValid()) return;
        MDC.put("trace_id", c.getTraceId());
        MDC.put("span_id", c.getSpanId());
    }

    public static void clearLogContext() {
        MDC.remove("trace_id");
        MDC.remove("span_id");
    }

    /** Exports what is still buffered and stops the SDK this server set up. */
    @Override
    public void close() {
        if (sdk != null) sdk.close();
    }
}
