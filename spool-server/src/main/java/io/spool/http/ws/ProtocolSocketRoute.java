package io.spool.http.ws;

import io.spool.auth.Ownership;
import io.spool.errors.ApiError;
import io.spool.http.Router;
import io.spool.metrics.HttpMetrics;
import io.spool.storage.EventBus;
import io.spool.threads.ThreadService;
import io.spool.v2.ProtocolCommands;
import io.spool.v2.RunInfo;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * The thread-centric protocol ("v2") over WebSocket: {@code GET /threads/{thread_id}/stream/events} with
 * {@code Upgrade: websocket}. The upgrade is a route of the {@link Router}, so auth, the browser policy (Host,
 * Origin) and thread ownership refuse it with the status any request would get (401, 403, 404) before a socket
 * exists. The thread need not exist yet: the SDK opens the socket before the {@code run.start} that creates it.
 * Each connection is a {@link ProtocolSocket}.
 */
public final class ProtocolSocketRoute {

    /** The largest command a client may send, as large as a request body. */
    private static final long MAX_COMMAND = 10L * 1024 * 1024;
    private static final String ROUTE = "/threads/{thread_id}/stream/events";

    private final ThreadService threads;
    private final EventBus logs;
    private final ProtocolCommands commands;
    private final RunInfo runInfo;
    private final Duration heartbeat;
    private final HttpMetrics metrics;
    private final Set<ProtocolSocket> open = ConcurrentHashMap.newKeySet();

    public ProtocolSocketRoute(ThreadService threads, EventBus logs, ProtocolCommands commands, RunInfo runInfo,
                               Duration heartbeat, HttpMetrics metrics) {
        this.threads = threads;
        this.logs = logs;
        this.commands = commands;
        this.runInfo = runInfo;
        this.heartbeat = heartbeat;
        this.metrics = metrics;
    }

    /** Adds Jetty's WebSocket container to the server; once, before it starts. */
    public static void install(Server server) {
        ServerWebSocketContainer container = ServerWebSocketContainer.ensure(server);
        container.setMaxTextMessageSize(MAX_COMMAND);
        // every socket pings at the heartbeat interval, so only a dead connection stays idle this long
        container.setIdleTimeout(Duration.ofMinutes(10));
        // ProtocolSocket writes one frame at a time; this bounds control frames and the close on top of it
        container.setMaxOutgoingFrames(64);
    }

    public void register(Router r) {
        r.add("GET", "/threads/{thread_id}/stream/events", this::upgrade, ex -> {
            throw ApiError.of(426, "GET /threads/{thread_id}/stream/events is a WebSocket: connect with "
                    + "'Upgrade: websocket', or POST a filter to it for an SSE stream");
        });
        r.endStreamsWith(this::closeAll);
    }

    private boolean upgrade(Request request, Response response, Callback callback, Map<String, String> params) {
        ServerWebSocketContainer container = ServerWebSocketContainer.get(request.getContext());
        if (container == null) return false;
        String threadId = params.get("thread_id");
        Ownership.Scope caller = Ownership.scope(); // the commands act for whoever opened the socket
        return container.upgrade((upgradeRequest, upgradeResponse, cb) -> new ProtocolSocket(threadId, threads, logs,
                commands, runInfo, caller, heartbeat, this), request, response, callback);
    }

    /** An open socket counts as an open stream of its route ({@code lg_api_http_open_streams}) until it closes. */
    void opened(ProtocolSocket socket) {
        open.add(socket);
        metrics.streamStarted(ROUTE);
    }

    void closed(ProtocolSocket socket) {
        if (open.remove(socket)) metrics.streamEnded(ROUTE);
    }

    /** Shutdown: every socket is closed with 1001 (going away), which the SDK answers by reconnecting later. */
    private void closeAll() {
        for (ProtocolSocket s : open) s.close(1001, "The server is shutting down");
    }
}
