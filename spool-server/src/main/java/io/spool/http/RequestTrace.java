package io.spool.http;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.spool.metrics.HttpMetrics;
import io.spool.telemetry.Tracing;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's span (when tracing is on: a child of the caller's {@code traceparent}, named by its route template,
 * current while the handler runs, so a run it creates nests inside), its access log line, which carries the trace
 * id, and its metrics (by route template; a stream counts as open until it ends). A stream's line is written when
 * the stream ends.
 */
final class RequestTrace implements AutoCloseable {

    private static final Logger ACCESS = LoggerFactory.getLogger("io.spool.access");
    private static final TextMapGetter<Request> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Request request) {
            return request.getHeaders().stream().map(HttpField::getName).toList();
        }

        @Override
        public String get(Request request, String key) {
            return request == null ? null : request.getHeaders().get(key);
        }
    };

    private final Request request;
    private final Response response;
    private final HttpMetrics metrics;
    private final long startNanos = System.nanoTime();
    private final Span span;
    private final Scope scope;
    private String route = "unmatched";
    private boolean streaming;

    private RequestTrace(Request request, Response response, HttpMetrics metrics, Span span) {
        this.request = request;
        this.response = response;
        this.metrics = metrics;
        this.span = span;
        this.scope = span == null ? null : span.makeCurrent();
        if (span != null) Tracing.logContext(span);
    }

    static RequestTrace start(Request request, Response response, HttpMetrics metrics) {
        if (!Tracing.enabled()) return new RequestTrace(request, response, metrics, null);
        Context parent = GlobalOpenTelemetry.getPropagators().getTextMapPropagator()
                .extract(Context.root(), request, HEADERS);
        Span span = Tracing.tracer().spanBuilder(request.getMethod()).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", request.getMethod())
                .setAttribute("url.path", Request.getPathInContext(request))
                .startSpan();
        return new RequestTrace(request, response, metrics, span);
    }

    /** The route that matched, as its template ({@code /threads/{thread_id}/runs}), and its path parameters. */
    void route(String template, Map<String, String> params) {
        route = template;
        if (span == null) return;
        span.updateName(request.getMethod() + " " + template);
        span.setAttribute("http.route", template);
        String thread = params.get("thread_id");
        if (thread != null) span.setAttribute("spool.thread_id", thread);
        String run = params.get("run_id");
        if (run != null) span.setAttribute("spool.run_id", run);
    }

    /** The response became a stream (SSE, a kept-alive {@code /wait}). */
    void streamStarted() {
        if (streaming) return;
        streaming = true;
        if (metrics != null) metrics.streamStarted(route);
    }

    void failed(Throwable t) {
        if (span != null) span.recordException(t);
    }

    @Override
    public void close() {
        int status = response.getStatus();
        long nanos = System.nanoTime() - startNanos;
        if (metrics != null) {
            if (streaming) metrics.streamEnded(route);
            metrics.request(request.getMethod(), route, status, nanos);
        }
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info("{} {} {} {} ms", request.getMethod(), Request.getPathInContext(request), status,
                    nanos / 1_000_000);
        }
        if (span == null) return;
        span.setAttribute("http.response.status_code", (long) status);
        if (status >= 500) span.setStatus(StatusCode.ERROR);
        span.end();
        scope.close();
        Tracing.clearLogContext();
    }
}
