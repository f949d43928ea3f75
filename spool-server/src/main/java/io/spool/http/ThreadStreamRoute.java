package io.spool.http;

import io.spool.errors.ApiError;
import io.spool.http.sse.LogPump;
import io.spool.http.sse.SseStream;
import io.spool.storage.EventBus;
import io.spool.storage.EventId;
import io.spool.storage.LogReader;
import io.spool.stream.ThreadStreamFilter;
import io.spool.threads.ThreadService;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /threads/{thread_id}/stream}: every event of every run of the thread, and its state updates, for as
 * long as the client stays. Resumes after {@code Last-Event-ID}; never ends by itself.
 */
final class ThreadStreamRoute {

    private final ThreadService threads;
    private final EventBus logs;
    private final Duration heartbeat;

    ThreadStreamRoute(ThreadService threads, EventBus logs, Duration heartbeat) {
        this.threads = threads;
        this.logs = logs;
        this.heartbeat = heartbeat;
    }

    void register(Router r) {
        r.add("GET", "/threads/{thread_id}/stream", this::join);
    }

    private void join(Exchange ex) throws InterruptedException {
        String threadId = Params.threadId(ex);
        EventId cursor = cursor(ex.header("Last-Event-ID"));
        ThreadStreamFilter filter = ThreadStreamFilter.of(modes(ex));
        threads.require(threadId);
        try (LogReader reader = logs.reader(threadId, cursor == null ? logs.lastId(threadId) : cursor)) {
            String query = ex.rawQuery();
            ex.header("Location", "/threads/" + threadId + "/stream" + (query.isEmpty() ? "" : "?" + query));
            SseStream out = new SseStream(ex, heartbeat);
            out.begin();
            LogPump.pump(reader, out, filter, e -> false);
        }
    }

    /** Null when absent (live only); {@link EventId#START} for {@code -}, {@code -1} and {@code 0}. */
    static EventId cursor(String header) {
        if (header == null || header.isBlank()) return null;
        String h = header.trim();
        if (h.equals("-") || h.equals("-1") || h.equals("0")) return EventId.START;
        EventId id = EventId.parseCursor(h);
        if (id == null) throw ApiError.invalid("Invalid last-event-id: must be a valid Redis stream ID");
        return id;
    }

    /**
     * {@code stream_modes} or {@code stream_mode}, each given once or repeated, as a plain value, a comma list or
     * JSON array text; the union of everything given.
     */
    static Set<String> modes(Exchange ex) {
        Set<String> modes = new LinkedHashSet<>();
        for (String name : List.of("stream_modes", "stream_mode")) {
            for (String raw : ex.queryAll(name)) modes.addAll(Params.split(raw));
        }
        for (String m : modes) {
            if (!ThreadStreamFilter.MODES.contains(m)) {
                throw ApiError.invalid("Invalid stream mode: " + m + " (use " + ThreadStreamFilter.MODES + ")");
            }
        }
        return modes;
    }
}
