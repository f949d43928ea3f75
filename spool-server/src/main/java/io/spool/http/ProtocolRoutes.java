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
import java.util.List;
import java.util.Map;

/**
 * The thread-centric protocol ("v2") over HTTP: {@code POST /threads/{thread_id}/stream/events} (one filtered SSE
 * stream of the thread's protocol events, for as long as the client stays) and {@code POST
 * /threads/{thread_id}/commands} (one command, its envelope in the response body).
 */
final class ProtocolRoutes {

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

    /** The stream's filter from its body and {@code Last-Event-ID}: {@link EventFilter#parse}. */
    static EventFilter filter(JsonBody b, String lastEventId) {
        return EventFilter.parse(b.toMap(), b.fieldNames(), lastEventId);
    }

}
