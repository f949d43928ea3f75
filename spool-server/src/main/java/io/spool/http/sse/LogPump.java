package io.spool.http.sse;

import io.spool.json.Json;
import io.spool.storage.LogReader;
import io.spool.storage.StreamEvent;
import io.spool.storage.ThreadDeletedException;
import io.spool.stream.SseFrames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Copies a thread log to an SSE response: every streaming endpoint is a {@link LogReader} plus a filter plus an end
 * condition. A slow client just lags behind in the log; it never holds more than one batch.
 */
public final class LogPump {

    private static final int BATCH = 2048;

    /** The last event of every open stream when the server stops: what a client can do about it. */
    static final Map<String, Object> SHUTTING_DOWN = Map.of("error", "ServerShuttingDown", "message",
            "The server is shutting down. Reconnect with the Last-Event-ID of the last event received to resume; "
                    + "runs that did not finish run again when the server is back.");

    private LogPump() {
    }

    /**
     * Streams events accepted by {@code send} until an event matching {@code endsAfter} has been read (it is sent
     * only if {@code send} accepts it too), the thread is deleted, or the client leaves (an exception from the
     * write). Returns normally in the first two cases, after ending the response.
     */
    public static void pump(LogReader reader, SseStream out, Predicate<StreamEvent> send,
                            Predicate<StreamEvent> endsAfter) throws InterruptedException {
        while (true) {
            List<StreamEvent> batch;
            try {
                batch = reader.next(BATCH, out.untilHeartbeat());
            } catch (ThreadDeletedException deleted) {
                out.add(SseFrames.event("error", Json.bytes(deletedError(deleted)), null));
                out.end();
                return;
            }
            boolean ended = false;
            for (StreamEvent e : batch) {
                if (send.test(e)) out.add(e.encoded(SseFrames::of));
                if (endsAfter.test(e)) {
                    ended = true;
                    break;
                }
            }
            if (ended) {
                out.end();
                return;
            }
            if (out.serverStopping()) { // everything stored so far is sent; the client resumes from its last id
                out.add(SseFrames.event("error", Json.bytes(SHUTTING_DOWN), null));
                out.end();
                return;
            }
            out.flush();
            out.heartbeatIfDue();
        }
    }

    private static Map<String, Object> deletedError(ThreadDeletedException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", "NotFoundError");
        m.put("message", e.getMessage());
        return m;
    }
}
