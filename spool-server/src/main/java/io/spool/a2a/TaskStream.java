package io.spool.a2a;

import io.spool.a2a.A2aTasks.Started;
import io.spool.a2a.A2aWire.Artifact;
import io.spool.a2a.A2aWire.Part;
import io.spool.a2a.A2aWire.State;
import io.spool.a2a.A2aWire.Status;
import io.spool.a2a.A2aWire.Task;
import io.spool.http.Exchange;
import io.spool.http.sse.SseStream;
import io.spool.json.Json;
import io.spool.runs.RunOutcome;
import io.spool.runs.RunService;
import io.spool.storage.EventBus;
import io.spool.storage.EventId;
import io.spool.storage.LogReader;
import io.spool.storage.RunRecord;
import io.spool.storage.StreamEvent;
import io.spool.storage.ThreadDeletedException;
import io.spool.stream.SseFrames;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * A streamed send ({@code message/stream}, {@code SendStreamingMessage}): Server-Sent Events whose every
 * {@code data} is a JSON-RPC response to the request. First the task (submitted, with the message sent), then
 * {@code working}, then the reply as it is generated (artifact updates appended token by token from the run's
 * {@code messages} events in the thread log), then the whole reply as the artifact's last chunk and the final
 * status ({@code completed}, {@code input-required}, {@code failed} or {@code canceled}).
 */
final class TaskStream {

    /** The stream modes a streamed send's run writes: AI message chunks, for the artifact updates. */
    static final List<String> MODES = List.of("messages-tuple");

    private final A2aTasks tasks;
    private final RunService runs;
    private final EventBus logs;
    private final Duration heartbeat;

    TaskStream(A2aTasks tasks, RunService runs, EventBus logs, Duration heartbeat) {
        this.tasks = tasks;
        this.runs = runs;
        this.logs = logs;
        this.heartbeat = heartbeat;
    }

    /** Starts the planned run and streams it to its end; everything that can be refused was refused by the plan. */
    void stream(Exchange ex, A2aWire wire, Object rpcId, A2aTasks.Plan plan) throws InterruptedException {
        EventId cursor = logs.lastId(plan.contextId()); // before the run exists: none of its events is missed
        Started s = tasks.start(plan, true);
        RunRecord run = s.run();
        String contextId = run.threadId();
        try {
            SseStream out = new SseStream(ex, heartbeat);
            out.begin();
            A2aWire.Message sent = new A2aWire.Message(s.sent().role(), s.sent().parts(),
                    s.sent().messageId() == null ? run.runId() : s.sent().messageId(), s.taskId(), contextId);
            send(out, rpcId, wire.taskResult(new Task(s.taskId(), contextId,
                    new Status(State.SUBMITTED, null, Instant.now()), List.of(), List.of(sent))));
            send(out, rpcId, wire.statusUpdate(s.taskId(), contextId,
                    new Status(State.WORKING, null, Instant.now()), false));
            out.flush();
            if (!relayReply(out, wire, rpcId, s, cursor)) return;
            RunOutcome outcome = runs.outcome(contextId, run.runId()).get();
            Task task = tasks.views().view(s.taskId(), run, outcome, null);
            for (Artifact a : task.artifacts()) {
                send(out, rpcId, wire.artifactUpdate(s.taskId(), contextId, a, false, true));
            }
            send(out, rpcId, wire.statusUpdate(s.taskId(), contextId, task.status(), true));
            out.end();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            runs.release(run.runId());
        }
    }

    /**
     * Sends the run's AI text as artifact updates until its end marker. False when the stream had to end first
     * (the thread was deleted, the server is stopping): the last event said why.
     */
    private boolean relayReply(SseStream out, A2aWire wire, Object rpcId, Started s, EventId cursor)
            throws InterruptedException {
        String runId = s.run().runId();
        String contextId = s.run().threadId();
        boolean first = true;
        try (LogReader reader = logs.reader(contextId, cursor)) {
            while (true) {
                List<StreamEvent> batch;
                try {
                    batch = reader.next(256, out.untilHeartbeat());
                } catch (ThreadDeletedException deleted) {
                    endWith(out, wire, rpcId, s, State.FAILED, "The context was deleted while the task ran");
                    return false;
                }
                for (StreamEvent e : batch) {
                    if (!runId.equals(e.runId())) continue;
                    if (e.runEnd()) return true;
                    String delta = e.event().equals("messages") ? aiText(e) : null;
                    if (delta == null || delta.isEmpty()) continue;
                    Artifact piece = new Artifact(TaskViews.artifactId(s.run()), TaskViews.ARTIFACT_NAME, null,
                            List.of(Part.text(delta)));
                    send(out, rpcId, wire.artifactUpdate(s.taskId(), contextId, piece, !first, false));
                    first = false;
                }
                if (out.serverStopping()) {
                    endWith(out, wire, rpcId, s, State.WORKING, "The server is shutting down; the task goes on: "
                            + "ask for it with tasks/get (GetTask) later");
                    return false;
                }
                out.flush();
                out.heartbeatIfDue();
            }
        }
    }

    private void endWith(SseStream out, A2aWire wire, Object rpcId, Started s, State state, String why) {
        A2aWire.Message note = new A2aWire.Message("agent", List.of(Part.text(why)),
                UUID.randomUUID().toString(), s.taskId(), s.run().threadId());
        send(out, rpcId, wire.statusUpdate(s.taskId(), s.run().threadId(), new Status(state, note, Instant.now()),
                true));
        out.end();
    }

    /** The text of an AI message chunk in a {@code messages} event ({@code [chunk, metadata]}), else null. */
    private static String aiText(StreamEvent e) {
        Object data = Json.plain(e.data());
        if (!(data instanceof List<?> pair) || pair.isEmpty() || !(pair.getFirst() instanceof Map<?, ?> chunk)) {
            return null;
        }
        Object type = chunk.get("type");
        if (!"AIMessageChunk".equals(type) && !"ai".equals(type)) return null;
        return TaskViews.text(chunk.get("content"));
    }

    private static void send(SseStream out, Object rpcId, Object result) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", rpcId);
        response.put("result", result);
        out.add(SseFrames.event("message", Json.bytes(response), null));
    }
}
