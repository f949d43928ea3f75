package io.spool.http;

import io.spool.errors.ApiError;
import io.spool.runs.RunCreate;
import io.spool.runs.RunOutcome;
import io.spool.runs.RunService;
import io.spool.http.sse.LogPump;
import io.spool.http.sse.SseStream;
import io.spool.storage.CancelAction;
import io.spool.storage.EventBus;
import io.spool.storage.EventId;
import io.spool.storage.LogReader;
import io.spool.storage.RunRecord;
import io.spool.storage.RunStatus;
import io.spool.stream.RunStreamFilter;
import io.spool.wire.Views;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs: create (background, streamed, waited), read, join, cancel, delete; stateful and stateless. */
final class RunRoutes {

    /** How far before a run's creation its first event may be stamped (clocks of processes a little apart). */
    private static final long CLOCK_SLACK_MS = 5_000;

    private final RunService runs;
    private final EventBus logs;
    private final Duration heartbeat;

    RunRoutes(RunService runs, EventBus logs, Duration heartbeat) {
        this.runs = runs;
        this.logs = logs;
        this.heartbeat = heartbeat;
    }

    void register(Router r) {
        r.add("POST", "/threads/{thread_id}/runs", ex -> create(ex, Params.threadId(ex)));
        r.add("POST", "/threads/{thread_id}/runs/stream", ex -> stream(ex, Params.threadId(ex)));
        r.add("POST", "/threads/{thread_id}/runs/wait", ex -> waitFor(ex, Params.threadId(ex)));
        r.add("GET", "/threads/{thread_id}/runs", this::list);
        r.add("GET", "/threads/{thread_id}/runs/{run_id}", this::get);
        r.add("DELETE", "/threads/{thread_id}/runs/{run_id}", this::delete);
        r.add("GET", "/threads/{thread_id}/runs/{run_id}/join", this::join);
        r.add("GET", "/threads/{thread_id}/runs/{run_id}/stream", this::joinStream);
        r.add("POST", "/threads/{thread_id}/runs/{run_id}/cancel", this::cancel);
        r.add("POST", "/runs", ex -> create(ex, null));
        r.add("POST", "/runs/stream", ex -> stream(ex, null));
        r.add("POST", "/runs/wait", ex -> waitFor(ex, null));
        r.add("POST", "/runs/batch", this::batch);
        r.add("POST", "/runs/cancel", this::cancelMany);
    }

    private void create(Exchange ex, String threadId) {
        RunCreate req = RunCreateParser.parse(ex.body(), threadId == null);
        RunRecord run = runs.create(threadId, req, false);
        ex.header("Content-Location", runPath(run));
        ex.json(Views.run(run));
    }

    /** Many stateless runs: every payload is checked before any run starts, so a bad one creates none. */
    private void batch(Exchange ex) {
        List<JsonBody> items = ex.bodyArray();
        if (items.isEmpty()) throw ApiError.invalid("Request body must list at least one run");
        List<RunCreate> reqs = new ArrayList<>();
        for (JsonBody item : items) reqs.add(RunCreateParser.parse(item, true));
        reqs.forEach(runs::validate);
        List<Object> created = new ArrayList<>();
        for (RunCreate req : reqs) created.add(Views.run(runs.create(null, req, false)));
        ex.json(created);
    }

    private void stream(Exchange ex, String threadId) throws InterruptedException {
        RunCreate req = RunCreateParser.parse(ex.body(), threadId == null);
        EventId cursor = threadId == null ? EventId.START : logs.lastId(threadId);
        RunRecord run = runs.create(threadId, req, true);
        try {
            ex.header("Location", runPath(run) + "/stream");
            ex.header("Content-Location", runPath(run));
            streamRun(ex, run, cursor, null, "cancel".equals(req.onDisconnect()));
        } finally {
            runs.release(run.runId());
            deleteTemporaryWhenDone(run);
        }
    }

    private void waitFor(Exchange ex, String threadId) throws InterruptedException {
        RunCreate req = RunCreateParser.parse(ex.body(), threadId == null);
        RunRecord run = runs.create(threadId, req, true);
        try {
            ex.header("Location", runPath(run) + "/join");
            ex.header("Content-Location", runPath(run));
            respondWhenDone(ex, run, "cancel".equals(req.onDisconnect()));
        } finally {
            runs.release(run.runId());
            deleteTemporaryWhenDone(run);
        }
    }

    private void list(Exchange ex) {
        String threadId = Params.threadId(ex);
        int limit = Params.integer(ex, "limit", 10, 1, 10_000);
        int offset = Params.integer(ex, "offset", 0, 0, Integer.MAX_VALUE);
        RunStatus status = RunStatus.of(Params.oneOf(ex, "status", RunStatus.WIRE, null));
        ex.json(runs.list(threadId, limit, offset, status).stream().map(r -> (Object) Views.run(r)).toList());
    }

    private void get(Exchange ex) {
        ex.json(Views.run(runs.get(Params.threadId(ex), Params.runId(ex))));
    }

    private void delete(Exchange ex) {
        runs.delete(Params.threadId(ex), Params.runId(ex));
        ex.noContent(204);
    }

    private void join(Exchange ex) throws InterruptedException {
        RunRecord run = runs.get(Params.threadId(ex), Params.runId(ex));
        respondWhenDone(ex, run, Params.bool(ex, "cancel_on_disconnect", false));
    }

    private void joinStream(Exchange ex) throws InterruptedException {
        String threadId = Params.threadId(ex);
        RunRecord run = runs.get(threadId, Params.runId(ex));
        Set<String> modes = new LinkedHashSet<>();
        for (String raw : ex.queryAll("stream_mode")) modes.addAll(Params.split(raw));
        RunCreateParser.requireStreamModes(modes);
        boolean cancelOnDisconnect = Params.bool(ex, "cancel_on_disconnect", false);
        String lastEventId = ex.header("Last-Event-ID");
        if (lastEventId == null || lastEventId.isBlank()) lastEventId = ex.query("last_event_id");
        EventId cursor;
        if (lastEventId == null || lastEventId.isBlank() || lastEventId.trim().equals("-")
                || lastEventId.trim().equals("-1")) {
            // From the run's first event: without a cursor too, since a run is bounded and a client that creates a
            // run and then joins it must not lose what the run emitted in between.
            run = runs.get(threadId, run.runId());
            cursor = run.streamStart() != null ? EventId.parseCursor(run.streamStart()).justBefore()
                    : run.inFlight() ? beforeStartOf(run) : null;
        } else {
            cursor = EventId.parseCursor(lastEventId.trim());
            if (cursor == null) throw ApiError.invalid("Invalid last-event-id: must be a valid Redis stream ID");
        }
        String query = ex.rawQuery();
        ex.header("Location", runPath(run) + "/stream" + (query.isEmpty() ? "" : "?" + query));
        ex.header("Content-Location", runPath(run));
        if (cursor == null) {
            SseStream out = new SseStream(ex, heartbeat);
            out.begin();
            out.end();
            return;
        }
        streamRun(ex, run, cursor, modes, cancelOnDisconnect);
    }

    /**
     * A cursor before the first event of an in-flight run whose start is not recorded yet: the run may have written
     * its start marker a moment before recording it (the thread's last id could already be past it). Ids follow the
     * wall clock, so one taken a little before the run was created is before all its events, even with the clocks
     * of several processes a little apart; the reader skips other runs' events.
     */
    private static EventId beforeStartOf(RunRecord run) {
        return new EventId(Math.max(0, run.createdAt().toEpochMilli() - CLOCK_SLACK_MS), 0);
    }

    private void cancel(Exchange ex) throws InterruptedException {
        String threadId = Params.threadId(ex);
        String runId = Params.runId(ex);
        boolean wait = Params.bool(ex, "wait", false);
        CancelAction action = CancelAction.of(Params.oneOf(ex, "action", CancelAction.WIRE, "interrupt"));
        CompletableFuture<RunOutcome> outcome = runs.cancel(threadId, runId, action);
        if (!wait) {
            ex.noContent(202);
            return;
        }
        try {
            outcome.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        ex.noContent(204);
    }

    /** Bulk cancel: {@code thread_id} + {@code run_ids}, or {@code status} (pending, running, all). */
    private void cancelMany(Exchange ex) {
        CancelAction action = CancelAction.of(Params.oneOf(ex, "action", CancelAction.WIRE, "interrupt"));
        JsonBody b = ex.body();
        String threadId = b.string("thread_id");
        if (threadId != null) threadId = Params.uuid(threadId, "thread ID");
        List<String> runIds = b.stringList("run_ids");
        String status = b.oneOf("status", List.of("pending", "running", "all"));
        if (runIds != null && status != null) throw ApiError.invalid("Send either 'run_ids' or 'status', not both");
        if (runIds == null && status == null) {
            throw ApiError.invalid("Send 'thread_id' with 'run_ids', or a 'status' (pending, running or all)");
        }
        List<RunStatus> statuses;
        if (runIds != null) {
            if (threadId == null) throw ApiError.invalid("Field 'thread_id' is required with 'run_ids'");
            List<String> ids = new ArrayList<>();
            for (String id : runIds) ids.add(Params.uuid(id, "run ID"));
            runIds = ids;
            statuses = List.of(RunStatus.PENDING, RunStatus.RUNNING);
        } else {
            statuses = switch (status) {
                case "pending" -> List.of(RunStatus.PENDING);
                case "running" -> List.of(RunStatus.RUNNING);
                default -> List.of(RunStatus.PENDING, RunStatus.RUNNING);
            };
        }
        runs.cancelMany(threadId, runIds, statuses, action);
        ex.noContent(204);
    }

    private void streamRun(Exchange ex, RunRecord run, EventId cursor, Set<String> modes, boolean cancelOnDisconnect)
            throws InterruptedException {
        RunStreamFilter filter = new RunStreamFilter(run.runId(), modes);
        try (LogReader reader = logs.reader(run.threadId(), cursor)) {
            SseStream out = new SseStream(ex, keepAlive(cancelOnDisconnect));
            out.begin();
            LogPump.pump(reader, out, filter, filter::isEnd);
        } catch (Exchange.ClientGoneException gone) {
            if (cancelOnDisconnect) cancelQuietly(run);
            throw gone;
        }
    }

    /**
     * Answers with the run's result. A quick run gets a plain JSON response; a long one gets its status line at once
     * and a newline every heartbeat until the result, so proxies and idle timeouts keep the connection.
     */
    private void respondWhenDone(Exchange ex, RunRecord run, boolean cancelOnDisconnect) throws InterruptedException {
        CompletableFuture<RunOutcome> outcome = runs.outcome(run.threadId(), run.runId());
        Duration keepAlive = keepAlive(cancelOnDisconnect);
        try {
            RunOutcome done = awaitOrNull(outcome, keepAlive);
            if (done != null) {
                ex.json(runs.result(done));
                return;
            }
            ex.startStream(200, "application/json");
            while ((done = awaitOrNull(outcome, keepAlive)) == null) ex.write(false, new byte[] {'\n'});
            ex.write(true, io.spool.json.Json.bytes(runs.result(done)));
        } catch (Exchange.ClientGoneException gone) {
            if (cancelOnDisconnect) cancelQuietly(run);
            throw gone;
        }
    }

    /**
     * How often an idle response writes something. A closed connection is only noticed when a write fails, so a
     * run that must be cancelled on disconnect probes every second instead of every heartbeat.
     */
    private Duration keepAlive(boolean cancelOnDisconnect) {
        return cancelOnDisconnect && heartbeat.compareTo(DISCONNECT_PROBE) > 0 ? DISCONNECT_PROBE : heartbeat;
    }

    private static final Duration DISCONNECT_PROBE = Duration.ofSeconds(1);

    private static RunOutcome awaitOrNull(CompletableFuture<RunOutcome> f, Duration d) throws InterruptedException {
        try {
            return f.get(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private void cancelQuietly(RunRecord run) {
        try {
            runs.cancel(run.threadId(), run.runId(), CancelAction.INTERRUPT);
        } catch (ApiError alreadyDone) {
            // the run ended on its own meanwhile
        }
    }

    /** A temporary thread of a streamed or waited stateless run goes some time after the run has ended. */
    private void deleteTemporaryWhenDone(RunRecord run) {
        if (!Boolean.TRUE.equals(run.kwargs().get("temporary"))) return;
        try {
            runs.outcome(run.threadId(), run.runId()).whenComplete((o, t) -> runs.deleteTemporaryLater(run));
        } catch (ApiError gone) {
            // rolled back: nothing left to delete
        }
    }

    private static String runPath(RunRecord run) {
        return "/threads/" + run.threadId() + "/runs/" + run.runId();
    }
}
