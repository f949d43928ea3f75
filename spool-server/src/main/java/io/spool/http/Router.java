package io.spool.http;

import io.spool.auth.AuthException;
import io.spool.auth.AuthRequest;
import io.spool.auth.Identity;
import io.spool.auth.Ownership;
import io.spool.auth.Security;
import io.spool.errors.ApiError;
import io.spool.metrics.HttpMetrics;
import io.spool.storage.StorageUnavailableException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes requests to handlers, each on a virtual thread of its own (so handlers block freely), and turns failures
 * into JSON errors: {@link ApiError} keeps its status; a storage outage is 503; anything else is logged and answered
 * 500.
 */
public final class Router extends Handler.Abstract {

    /** A route's handler. */
    @FunctionalInterface
    public interface Endpoint {
        void handle(Exchange ex) throws Exception;
    }

    /**
     * An endpoint that may take the request over from the router (a WebSocket upgrade), after the same auth, browser
     * policy and path guard as any route: returns true when it has, and then completes the callback itself.
     */
    @FunctionalInterface
    public interface Takeover {
        boolean handle(Request request, Response response, Callback callback, Map<String, String> params)
                throws Exception;
    }

    private record Route(String method, String pattern, String[] segments, Endpoint endpoint, Takeover takeover) {
    }

    /** What {@link #dispatch} returns for a request a {@link Takeover} took over. */
    private static final Exchange TAKEN_OVER = new Exchange(null, null, Map.of());

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final String EXPOSED = "Content-Location, Location, X-Pagination-Total, X-Pagination-Next";

    private final List<Route> routes = new ArrayList<>();
    private final OutageLog outageLog = new OutageLog();
    private volatile boolean draining;
    private volatile boolean endingStreams;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private Security security = Security.local("127.0.0.1");
    private PathGuard guard = params -> { };
    private HttpMetrics metrics;
    private final List<Runnable> streamEnders = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Streams open per identity, for {@link Security#maxStreamsPerIdentity()}. */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger>
            openStreams = new java.util.concurrent.ConcurrentHashMap<>();

    /** Checks a matched route's path parameters before its handler runs (ownership: 404 for others' resources). */
    @FunctionalInterface
    public interface PathGuard {
        void check(Map<String, String> params);
    }

    /** Auth and browser policy, and the guard of path parameters; set once, before the server starts. */
    public Router secure(Security security, PathGuard guard) {
        this.security = security;
        this.guard = guard;
        return this;
    }

    /** Where requests are counted and timed; set once, before the server starts (none: not metered). */
    public Router metered(HttpMetrics metrics) {
        this.metrics = metrics;
        return this;
    }

    public Router() {
        super(InvocationType.NON_BLOCKING);
    }

    /** Streams that are not requests in progress (WebSockets) are ended by {@code ender} at {@link #endStreams}. */
    public Router endStreamsWith(Runnable ender) {
        streamEnders.add(ender);
        return this;
    }

    /** Adds a route; {@code pattern} segments in braces ({@code {thread_id}}) capture. First match wins. */
    public Router add(String method, String pattern, Endpoint endpoint) {
        routes.add(new Route(method, pattern, split(pattern), endpoint, null));
        return this;
    }

    /** Adds a route that {@code takeover} may take over; when it does not, {@code otherwise} answers. */
    public Router add(String method, String pattern, Takeover takeover, Endpoint otherwise) {
        routes.add(new Route(method, pattern, split(pattern), otherwise, takeover));
        return this;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Thread.ofVirtual().start(() -> serve(request, response, callback));
        return true;
    }

    private void serve(Request request, Response response, Callback callback) {
        RequestTrace trace = RequestTrace.start(request, response, metrics);
        inFlight.incrementAndGet();
        try {
            answer(request, response, callback, trace);
        } finally {
            inFlight.decrementAndGet();
            trace.close(); // after any error answer, so the access line and the span have the final status
        }
    }

    /** Shutdown, first step: new requests are answered 503 (connection closed); those in progress carry on. */
    public void drain() {
        draining = true;
    }

    /**
     * Shutdown, second step: open streams end with an event saying why; waits up to {@code wait} for every request
     * in progress to end. Returns how many are still open.
     */
    public int endStreams(java.time.Duration wait) throws InterruptedException {
        endingStreams = true;
        for (Runnable ender : streamEnders) ender.run();
        long deadline = System.nanoTime() + wait.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        return inFlight.get();
    }

    private void answer(Request request, Response response, Callback callback, RequestTrace trace) {
        Exchange ex = null;
        try {
            browserChecks(request, response);
            if (draining) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
                throw ApiError.of(503, "The server is shutting down; retry shortly");
            }
            if (request.getMethod().equals("OPTIONS")) {
                preflight(request, response);
                ex = new Exchange(request, response, Map.of());
                ex.noContent(204);
            } else if (security.authOn() && !security.isPublic(Request.getPathInContext(request))) {
                Identity who = authenticate(request, response);
                ex = Ownership.actAs(who, security.authenticator(),
                        () -> dispatch(request, response, callback, trace));
            } else {
                ex = dispatch(request, response, callback, trace);
            }
            if (ex != TAKEN_OVER) callback.succeeded();
        } catch (Exchange.ClientGoneException gone) {
            callback.failed(gone.getCause() == null ? gone : gone.getCause());
        } catch (ApiError e) {
            if (e.status() == 413) response.getHeaders().put(HttpHeader.CONNECTION, "close");
            respondError(ex, request, response, callback, e.status(), e.getMessage());
        } catch (AuthException e) {
            respondError(ex, request, response, callback, e.status(), e.getMessage());
        } catch (Throwable t) {
            trace.failed(t);
            StorageUnavailableException outage = outage(t);
            if (outage != null) { // the database or Redis is away: the client may retry, nothing is wrong with it
                if (outageLog.shouldLog(outage.getMessage())) { // once per cause, then at intervals
                    LOG.warn("{} {}: {}", request.getMethod(), Request.getPathInContext(request), outage.getMessage());
                }
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                respondError(ex, request, response, callback, 503, "Storage is unavailable, retry shortly: "
                        + outage.getMessage());
                return;
            }
            LOG.error("{} {} failed", request.getMethod(), Request.getPathInContext(request), t);
            // the log has the cause; the client gets no class names of ours
            respondError(ex, request, response, callback, 500, "Internal server error (the server log has the cause)");
        }
    }

    private static StorageUnavailableException outage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StorageUnavailableException s) return s;
        }
        return null;
    }

    private Exchange dispatch(Request request, Response response, Callback callback, RequestTrace trace)
            throws Exception {
        String[] path = split(Request.getPathInContext(request));
        boolean pathMatched = false;
        for (Route r : routes) {
            Map<String, String> params = match(r.segments(), path);
            if (params == null) continue;
            pathMatched = true;
            if (!r.method().equals(request.getMethod())) continue;
            trace.route(r.pattern(), params);
            guard.check(params);
            if (r.takeover() != null && r.takeover().handle(request, response, callback, params)) return TAKEN_OVER;
            String streamHolder = takeStreamSlot(r.pattern());
            Exchange ex = new Exchange(request, response, params);
            ex.serverStopping(() -> endingStreams);
            ex.onStreamStart(trace::streamStarted);
            try {
                r.endpoint().handle(ex);
            } catch (ApiError e) {
                if (ex.committed()) throw new IllegalStateException("error after the response started", e);
                throw e;
            } finally {
                if (streamHolder != null) openStreams.get(streamHolder).decrementAndGet();
            }
            return ex;
        }
        if (pathMatched) throw ApiError.methodNotAllowed("Method " + request.getMethod() + " is not allowed here");
        throw ApiError.notFound("Not Found: " + request.getMethod() + " " + Request.getPathInContext(request));
    }

    /**
     * Counts a stream of the caller against its limit before anything starts (no run is created for a refused
     * {@code /runs/stream}); 429 past the limit. Returns who holds the slot, or null when nothing is counted (no
     * limit, no identity, or not a streaming route).
     */
    private String takeStreamSlot(String pattern) {
        int limit = security.maxStreamsPerIdentity();
        if (limit <= 0 || !(pattern.endsWith("/stream") || pattern.endsWith("/stream/events"))) return null;
        Identity who = Ownership.caller().orElse(null);
        if (who == null) return null;
        java.util.concurrent.atomic.AtomicInteger open =
                openStreams.computeIfAbsent(who.id(), id -> new java.util.concurrent.atomic.AtomicInteger());
        if (open.incrementAndGet() > limit) {
            open.decrementAndGet();
            throw ApiError.of(429, "Too many open streams: " + who.id() + " may have " + limit + " open at once "
                    + "(the server's SPOOL_MAX_STREAMS_PER_IDENTITY); close one first");
        }
        return who.id();
    }

    private void respondError(Exchange ex, Request request, Response response, Callback callback, int status,
                              String detail) {
        if (ex == null) ex = new Exchange(request, response, Map.of());
        if (ex.committed()) {
            callback.failed(new IllegalStateException(detail));
            return;
        }
        if (status != 413) drainBody(request, response);
        try {
            if (status != 413) ex.discardBody(); // a 413 closes the connection instead of reading on
            ex.json(status, Map.of("detail", detail));
            callback.succeeded();
        } catch (RuntimeException e) {
            callback.failed(e);
        }
    }

    /**
     * Reads the rest of a body the request was refused before reading (a bad path parameter, say). Left unread, Jetty
     * closes the connection after the answer, which it sent as keep-alive: a client that reuses the connection at once
     * (the JDK's HttpClient does) sends its next request into a closed socket and gets no answer. A body larger than
     * the largest one read is not waited for: the answer then closes the connection.
     */
    private static void drainBody(Request request, Response response) {
        if (request.getLength() == 0) return;
        try (java.io.InputStream in = Request.asInputStream(request)) {
            long skipped = in.transferTo(new java.io.OutputStream() {
                private long seen;

                @Override
                public void write(int b) throws java.io.IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws java.io.IOException {
                    seen += len;
                    if (seen > Exchange.MAX_BODY) throw new java.io.IOException("body too large to drain");
                }
            });
            if (skipped < 0) response.getHeaders().put(HttpHeader.CONNECTION, "close");
        } catch (java.io.IOException | RuntimeException tooLargeOrGone) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    /**
     * Refuses a {@code Host} or {@code Origin} the browser policy does not allow (403, before anything else), and
     * answers an allowed page's origin with the CORS headers.
     */
    private void browserChecks(Request request, Response response) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (!security.browser().allowsHost(host)) {
            throw ApiError.of(403, "Host " + host + " is not allowed: this server listens on a loopback address and "
                    + "answers loopback names only (set SPOOL_ALLOWED_HOSTS to allow others)");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) return;
        if (!security.browser().allowsOrigin(origin, host)) {
            throw ApiError.of(403, "Origin " + origin + " is not allowed to call this server (set "
                    + "SPOOL_CORS_ALLOW_ORIGINS to allow it)");
        }
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        response.getHeaders().add(HttpHeader.VARY, "Origin");
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
    }

    private Identity authenticate(Request request, Response response) {
        Map<String, List<String>> headers = new HashMap<>();
        for (HttpField f : request.getHeaders()) {
            headers.computeIfAbsent(f.getLowerCaseName(), k -> new ArrayList<>()).add(f.getValue());
        }
        try {
            Identity who = security.authenticator().authenticate(
                    new AuthRequest(request.getMethod(), Request.getPathInContext(request), headers));
            if (who == null) throw AuthException.unauthorized("Not authenticated");
            return who;
        } catch (AuthException e) {
            if (e.status() == 401) response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"spool\"");
            throw e;
        }
    }

    private static void preflight(Request request, Response response) {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, PUT, PATCH, DELETE, OPTIONS");
        String asked = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, asked == null ? "*" : asked);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "86400");
    }

    private static Map<String, String> match(String[] pattern, String[] path) {
        if (pattern.length != path.length) return null;
        Map<String, String> params = null;
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            if (p.startsWith("{")) {
                if (params == null) params = new HashMap<>();
                params.put(p.substring(1, p.length() - 1), path[i]);
            } else if (!p.equals(path[i])) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p.isEmpty() ? new String[0] : p.split("/");
    }
}
