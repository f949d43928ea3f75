package io.spool.http.ws;

import io.spool.auth.AuthException;
import io.spool.auth.Ownership;
import io.spool.errors.ApiError;
import io.spool.json.Json;
import io.spool.storage.EventBus;
import io.spool.storage.StorageUnavailableException;
import io.spool.storage.ThreadDeletedException;
import io.spool.threads.ThreadService;
import io.spool.v2.EventFilter;
import io.spool.v2.ProtocolCommands;
import io.spool.v2.ProtocolEvent;
import io.spool.v2.ProtocolReader;
import io.spool.v2.RunInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket of the thread-centric protocol: the client's commands come in as text frames, their envelopes and
 * the events of its subscriptions go out. Two virtual threads per socket:
 * <ul>
 *   <li>the <em>commands</em> thread runs the client's commands one after the other, as the caller that opened the
 *       socket ({@code run.start}, {@code input.respond}, {@code state.get}, {@code agent.getTree} through
 *       {@link ProtocolCommands}, as {@code POST /threads/{id}/commands} does; {@code subscription.subscribe} and
 *       {@code subscription.unsubscribe} here);</li>
 *   <li>the <em>pump</em> reads the thread's log through a {@link ProtocolReader}, from its start, and sends each
 *       event that any subscription's {@link EventFilter} takes, once.</li>
 * </ul>
 * A subscribe answers first, then replays what its filter takes of the events the pump has passed (a reader of its
 * own, from the log's start or after {@code since}), then joins the pump, all under the lock the pump sends under:
 * the subscription gets every event of the thread once, in order, whether it came before or after the subscribe.
 * The SDK resubscribes after a reconnect and drops the events it has seen by {@code event_id}.
 *
 * <p>Slow clients cost little memory: at most {@link #WINDOW} frames are written ahead of what the client has taken,
 * then the pump waits (the log keeps the rest); a client that takes no frame for {@link #sendTimeout} (6 heartbeats)
 * is disconnected. A client may have at most
 * {@link #INBOX} commands waiting; more close the socket (1008).
 */
public final class ProtocolSocket implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolSocket.class);
    static final int INBOX = 64;
    /** At most this many frames are written ahead of the client: a slow client holds no more of them in memory. */
    private static final int WINDOW = 32;
    private static final String STOP = new String("stop"); // compared by identity: never a client's text

    private final String threadId;
    private final ThreadService threads;
    private final EventBus logs;
    private final ProtocolCommands commands;
    private final RunInfo runInfo;
    private final Ownership.Scope caller;
    private final Duration heartbeat;
    private final Duration sendTimeout;
    private final ProtocolSocketRoute route;
    private final BlockingQueue<String> inbox = new ArrayBlockingQueue<>(INBOX + 1); // + the STOP
    /** Held while sending: one frame at a time, and subscriptions change only between the pump's batches. */
    private final Object wire = new Object();
    private final Map<String, EventFilter> subscriptions = new LinkedHashMap<>();
    /** The seq of the last event the pump has handled (sent or not): what a new subscription replays up to. */
    private long pumped;
    private long lastSentNanos = System.nanoTime();
    /** The last frame written and how many are not known to be sent yet ({@link #wire} guards both). */
    private Callback.Completable unconfirmed;
    private int unconfirmedCount;
    private volatile Session session;
    private volatile boolean closed;

    ProtocolSocket(String threadId, ThreadService threads, EventBus logs, ProtocolCommands commands, RunInfo runInfo,
                   Ownership.Scope caller, Duration heartbeat, ProtocolSocketRoute route) {
        this.threadId = threadId;
        this.threads = threads;
        this.logs = logs;
        this.commands = commands;
        this.runInfo = runInfo;
        this.caller = caller;
        this.heartbeat = heartbeat;
        this.sendTimeout = heartbeat.multipliedBy(6);
        this.route = route;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        route.opened(this);
        Thread.ofVirtual().name("spool-ws-commands-" + threadId).start(this::commands);
        Thread.ofVirtual().name("spool-ws-events-" + threadId).start(this::pump);
    }

    @Override
    public void onWebSocketText(String text) {
        if (closed) return;
        if (inbox.size() >= INBOX || !inbox.offer(text)) {
            close(1008, "More than " + INBOX + " commands waiting for an answer");
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
        callback.succeed();
        onWebSocketText(StandardCharsets.UTF_8.decode(payload).toString());
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        stop();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        stop();
    }

    /** Closes the socket with a code and reason; the SDK ends its stream on 4000 + an HTTP 4xx status. */
    void close(int code, String reason) {
        Session s = session;
        if (s != null && s.isOpen()) s.close(code, reason, Callback.NOOP);
        stop();
    }

    private void stop() {
        if (closed) return;
        closed = true;
        route.closed(this);
        inbox.clear();
        inbox.offer(STOP);
    }

    // ---- commands --------------------------------------------------------------------------------------------

    private void commands() {
        try {
            while (true) {
                String text = inbox.take();
                if (text == STOP) return;
                Map<String, Object> reply = caller.call(() -> answer(text));
                if (reply != null) {
                    synchronized (wire) {
                        send(Json.text(reply));
                        drain();
                    }
                }
            }
        } catch (Gone | InterruptedException e) {
            stop();
        } catch (Exception e) {
            LOG.error("WebSocket commands on thread {} failed", threadId, e);
            close(1011, "Internal server error (the server log has the cause)");
        }
    }

    /** The envelope answering one command; null when it has been sent already (a subscribe). */
    private Map<String, Object> answer(String text) throws Exception {
        Object body;
        try {
            body = Json.plain(text.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return commands.error(threadId, null, "invalid_argument", "Protocol commands must be valid JSON.");
        }
        String[] problem = new String[1];
        ProtocolCommands.Command c = ProtocolCommands.parse(body, problem);
        if (c == null) return commands.error(threadId, null, "invalid_argument", problem[0]);
        try {
            return switch (c.method()) {
                case "subscription.subscribe" -> subscribe(c);
                case "subscription.unsubscribe" -> unsubscribe(c);
                case "input.respond", "state.get", "agent.getTree" -> {
                    threads.require(threadId); // 404 as over HTTP; run.start creates the thread
                    yield commands.handle(threadId, c);
                }
                default -> commands.handle(threadId, c);
            };
        } catch (ApiError e) {
            return commands.error(threadId, c.id(), code(e.status()), e.getMessage());
        } catch (AuthException e) {
            return commands.error(threadId, c.id(), code(e.status()), e.getMessage());
        } catch (StorageUnavailableException e) {
            return commands.error(threadId, c.id(), "unavailable", "Storage is unavailable, retry shortly: "
                    + e.getMessage());
        }
    }

    /** The protocol's error code for what HTTP would answer with {@code status}. */
    private static String code(int status) {
        return switch (status) {
            case 400, 413, 422 -> "invalid_argument";
            case 401 -> "unauthenticated";
            case 403 -> "permission_denied";
            case 404 -> "not_found";
            case 409 -> "conflict";
            case 503 -> "unavailable";
            default -> "internal_error";
        };
    }

    private Map<String, Object> subscribe(ProtocolCommands.Command c) throws InterruptedException, Gone {
        EventFilter filter = EventFilter.parse(c.params(), c.params().keySet(), null);
        String id = UUID.randomUUID().toString();
        synchronized (wire) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("subscription_id", id);
            send(ProtocolCommands.success(threadId, c.id(), result, pumped));
            if (pumped > filter.since()) replay(filter, pumped);
            subscriptions.put(id, filter);
            drain();
        }
        return null;
    }

    /** Sends what {@code filter} takes of the events up to {@code through}, from a reader of the log's start. */
    private void replay(EventFilter filter, long through) throws InterruptedException, Gone {
        try (ProtocolReader reader = new ProtocolReader(logs, threadId, runInfo)) {
            long at = 0;
            while (at < through && !closed) {
                for (ProtocolEvent e : reader.next(heartbeat)) {
                    if (e.seq() > through) return;
                    at = e.seq();
                    if (filter.test(e)) send(e.toMap());
                }
            }
        } catch (ThreadDeletedException deleted) {
            // the pump closes the socket
        }
    }

    private Map<String, Object> unsubscribe(ProtocolCommands.Command c) throws InterruptedException {
        if (!(c.params().get("subscription_id") instanceof String id)) {
            return commands.error(threadId, c.id(), "invalid_argument",
                    "subscription.unsubscribe requires a subscription_id.");
        }
        synchronized (wire) {
            if (subscriptions.remove(id) == null) {
                return commands.error(threadId, c.id(), "no_such_subscription", "Unknown subscription: " + id);
            }
            return ProtocolCommands.success(threadId, c.id(), Map.of(), pumped);
        }
    }

    // ---- events ----------------------------------------------------------------------------------------------

    private void pump() {
        boolean visible = false;
        try (ProtocolReader reader = new ProtocolReader(logs, threadId, runInfo)) {
            while (!closed) {
                List<ProtocolEvent> batch = reader.next(heartbeat);
                // A thread made after the upgrade may be another caller's: its events are not for this socket.
                if (!batch.isEmpty() && !visible) {
                    visible = caller.call(() -> !threads.hiddenFromCaller(threadId));
                    if (!visible) {
                        close(4404, "Thread " + threadId + " not found");
                        return;
                    }
                }
                synchronized (wire) {
                    for (ProtocolEvent e : batch) {
                        if (subscriptions.values().stream().anyMatch(f -> f.test(e))) send(e.toMap());
                        pumped = e.seq();
                    }
                    drain();
                    if (System.nanoTime() - lastSentNanos >= heartbeat.toNanos()) ping();
                }
            }
        } catch (ThreadDeletedException deleted) {
            close(4404, "Thread " + threadId + " was deleted");
        } catch (Gone | InterruptedException e) {
            stop();
        } catch (Exception e) {
            LOG.error("WebSocket events of thread {} failed", threadId, e);
            close(1011, "Internal server error (the server log has the cause)");
        }
    }

    // ---- the wire --------------------------------------------------------------------------------------------

    /** The socket is closed (or is being closed): whatever was being sent is for nobody. */
    private static final class Gone extends Exception {
        Gone() {
            super(null, null, false, false);
        }
    }

    private void send(Map<String, Object> message) throws Gone, InterruptedException {
        send(Json.text(message));
    }

    /** Writes a frame; waits for the frames before it once {@link #WINDOW} of them are unconfirmed. */
    private void send(String text) throws Gone, InterruptedException {
        synchronized (wire) {
            if (closed) throw new Gone();
            Callback.Completable done = new Callback.Completable();
            session.sendText(text, done);
            unconfirmed = done;
            if (++unconfirmedCount >= WINDOW) drain();
        }
    }

    private void ping() throws Gone, InterruptedException {
        Callback.Completable done = new Callback.Completable();
        session.sendPing(ByteBuffer.allocate(0), done);
        unconfirmed = done;
        drain();
    }

    /**
     * Waits until every frame written so far is sent (Jetty completes them in order, so the last one says it); a
     * client that takes none for the send timeout is cut off. Called with {@link #wire} held.
     */
    private void drain() throws Gone, InterruptedException {
        Callback.Completable last = unconfirmed;
        if (last == null) return;
        try {
            last.get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            unconfirmed = null;
            unconfirmedCount = 0;
            lastSentNanos = System.nanoTime();
        } catch (TimeoutException slow) {
            LOG.info("WebSocket on thread {}: the client took no frame for {} s, disconnecting it", threadId,
                    sendTimeout.toSeconds());
            session.disconnect();
            stop();
            throw new Gone();
        } catch (ExecutionException failed) {
            stop();
            throw new Gone();
        }
    }
}
