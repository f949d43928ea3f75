package io.spool.http;

import io.spool.errors.ApiError;
import io.spool.http.sse.SseStream;
import io.spool.json.Json;
import io.spool.storage.EventBus;
import io.spool.storage.ThreadDeletedException;
import io.spool.stream.SseFrames;
import io.spool.threads.ThreadService;
import io.spool.v2.EventFilter;
import io.spool.v2.ProtocolCommands;
import io.spool.v2.ProtocolEvent;
import io.spool.v2.ProtocolReader;
import io.spool.v2.RunInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The thread-centric protocol ("v2") over HTTP: {@code POST /threads/{thread_id}/stream/events} (one filtered SSE
 * stream of the thread's protocol events, for as long as the client stays) and {@code POST
 * /threads/{thread_id}/commands} (one command, its envelope in the response body).
 */
final class ProtocolRoutes {

    private static final Set<String> FILTER_FIELDS = Set.of("channels", "namespaces", "depth", "since");

    private final ThreadService threads;
    private final EventBus logs;
    private final ProtocolCommands commands;
    private final RunInfo runInfo;
    private final Duration heartbeat;

    ProtocolRoutes(ThreadService threads, EventBus logs, ProtocolCommands commands, RunInfo runInfo,
                   Duration heartbeat) {
        this.threads = threads;
        this.logs = logs;
        this.commands = commands;
        this.runInfo = runInfo;
        this.heartbeat = heartbeat;
    }

    void register(Router r) {
        r.add("POST", "/threads/{thread_id}/stream/events", this::events);
        r.add("POST", "/threads/{thread_id}/commands", this::command);
    }

    private void events(Exchange ex) throws InterruptedException {
        String threadId = Params.threadId(ex);
        EventFilter filter = filter(ex.body(), ex.header("Last-Event-ID"));
        threads.require(threadId);
        try (ProtocolReader reader = new ProtocolReader(logs, threadId, runInfo)) {
            SseStream out = new SseStream(ex, heartbeat);
            out.begin();
            while (true) {
                List<ProtocolEvent> batch;
                try {
                    batch = reader.next(out.untilHeartbeat());
                } catch (ThreadDeletedException deleted) {
                    out.add(SseFrames.event("error", Json.bytes(Map.of("error", "not_found", "message",
                            deleted.getMessage())), null));
                    out.end();
                    return;
                }
                for (ProtocolEvent e : batch) {
                    if (filter.test(e)) out.add(SseFrames.event(e.method(), e.json(), e.eventId()));
                }
                out.flush();
                out.heartbeatIfDue();
            }
        }
    }

    private void command(Exchange ex) throws InterruptedException {
        String threadId = Params.threadId(ex);
        String[] problem = new String[1];
        ProtocolCommands.Command c = ProtocolCommands.parse(ex.body().toMap(), problem);
        if (c == null) throw ApiError.badRequest(problem[0]);
        if (c.method().startsWith("subscription.")) {
            ex.json(commands.error(threadId, c.id(), "not_supported", c.method() + " is a WebSocket command; "
                    + "over HTTP, open POST /threads/" + threadId + "/stream/events with the channels instead."));
            return;
        }
        if (!c.method().equals("run.start")) threads.require(threadId); // run.start creates the thread
        ex.json(commands.handle(threadId, c));
    }

    /**
     * The stream's filter from its body ({@code channels} required; {@code namespaces}, {@code depth},
     * {@code since}; nothing else) and {@code Last-Event-ID} (an {@code event_id} or a seq), which resumes like
     * {@code since}; the later of the two wins.
     */
    static EventFilter filter(JsonBody b, String lastEventId) {
        return filter(b.toMap(), b.fieldNames(), lastEventId);
    }

    static EventFilter filter(Map<String, Object> body, List<String> fields, String lastEventId) {
        for (String f : fields) {
            if (!FILTER_FIELDS.contains(f)) {
                throw ApiError.invalid("Unknown field '" + f + "'; a stream takes " + List.of("channels",
                        "namespaces", "depth", "since"));
            }
        }
        if (!(body.get("channels") instanceof List<?> list) || list.isEmpty()) {
            throw ApiError.invalid("Field 'channels' is required: a non-empty list of " + EventFilter.CHANNELS
                    + " or custom:<name>");
        }
        Set<String> channels = new LinkedHashSet<>();
        for (Object c : list) {
            if (!(c instanceof String s) || !EventFilter.isChannel(s)) {
                throw ApiError.invalid("Unknown channel " + Json.text(c) + "; use any of " + EventFilter.CHANNELS
                        + " or custom:<name>");
            }
            channels.add(s);
        }
        List<List<String>> namespaces = null;
        if (body.get("namespaces") != null) {
            if (!(body.get("namespaces") instanceof List<?> nss)) throw namespacesError();
            namespaces = new ArrayList<>();
            for (Object ns : nss) {
                if (!(ns instanceof List<?> segments)) throw namespacesError();
                List<String> prefix = new ArrayList<>();
                for (Object s : segments) {
                    if (!(s instanceof String seg)) throw namespacesError();
                    prefix.add(seg);
                }
                namespaces.add(List.copyOf(prefix));
            }
        }
        Integer depth = nonNegative(body, "depth") == null ? null : nonNegative(body, "depth").intValue();
        Long since = nonNegative(body, "since");
        long cursor = since == null ? 0 : since;
        Long resumed = lastEventSeq(lastEventId);
        if (resumed != null) cursor = Math.max(cursor, resumed);
        return new EventFilter(channels, namespaces, depth, cursor);
    }

    private static ApiError namespacesError() {
        return ApiError.invalid("Field 'namespaces' must be a list of namespaces, each a list of strings");
    }

    private static Long nonNegative(Map<String, Object> body, String field) {
        Object v = body.get(field);
        if (v == null) return null;
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 0) {
            throw ApiError.invalid("Field '" + field + "' must be a non-negative integer");
        }
        return n.longValue();
    }

    /** The seq in a {@code Last-Event-ID}: {@code <ms>-<seq>} (an event_id) or a bare seq; null when absent. */
    static Long lastEventSeq(String header) {
        if (header == null || header.isBlank()) return null;
        String h = header.trim();
        int dash = h.indexOf('-');
        try {
            long seq = Long.parseLong(dash < 0 ? h : h.substring(dash + 1));
            if (dash > 0) Long.parseLong(h.substring(0, dash));
            if (seq >= 0) return seq;
        } catch (NumberFormatException e) {
            // falls through
        }
        throw ApiError.invalid("Invalid Last-Event-ID: use an event_id (<ms>-<seq>) or a seq");
    }
}
