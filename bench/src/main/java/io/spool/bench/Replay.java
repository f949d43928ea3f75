package io.spool.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

/**
 * #6: a thread with {@code --events} stored events (one {@code burst} run, {@code sleep_ms: 0}, created with
 * {@code POST /threads/{t}/runs/wait}; the JS peer keeps a resumable stream only for background runs, so there
 * {@code --via poll}: {@code POST /threads/{t}/runs} with {@code stream_resumable: true}, then polling its status).
 * <ul>
 *   <li>{@code replay-fill}: creates it; writes thread and run id to {@code --state}.</li>
 *   <li>{@code replay}: replay rate from the start (Spool: thread stream with {@code Last-Event-ID: -}; peer: its
 *   run stream with {@code -1}), keeping the id of the middle event; then the time to the first byte of the first
 *   event when resuming from that id (median of {@code --resumes} tries).</li>
 * </ul>
 */
final class Replay {

    private Replay() {
    }

    static void fill(Args a) throws Exception {
        Api api = new Api(a.required("url"));
        long events = a.num("events", 1_000_000);
        Results r = new Results("replay", a);
        String t = api.createThread();
        long t0 = System.nanoTime();
        String runId;
        if (a.str("via", "wait").equals("wait")) {
            Api.Reply reply = api.post("/threads/" + t + "/runs/wait", Api.burst(events, 0, true));
            String loc = reply.contentLocation();
            runId = loc == null ? "" : loc.substring(loc.lastIndexOf('/') + 1);
        } else {
            // The peer keeps a resumable stream only for background runs, and only if no plain reader (runs/wait,
            // GET .../join) creates the run's queue first: so poll the run's status instead of joining it.
            runId = api.createRun(t, Api.burst(events, 0, true));
            while (true) {
                Object status = api.get("/threads/" + t + "/runs/" + runId).json().get("status");
                if (!"pending".equals(status) && !"running".equals(status)) break;
                Thread.sleep(20);
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        Properties p = new Properties();
        p.setProperty("thread", t);
        p.setProperty("run", runId);
        p.setProperty("events", Long.toString(events));
        try (var w = Files.newBufferedWriter(Path.of(a.required("state")))) {
            p.store(w, "replay-fill");
        }
        r.put("param_events", events);
        r.put("fill_s", secs);
        r.put("fill_events_per_s", events / secs);
    }

    static void measure(Args a) throws Exception {
        String url = a.required("url");
        Properties p = new Properties();
        try (var rd = Files.newBufferedReader(Path.of(a.required("state")))) {
            p.load(rd);
        }
        String t = p.getProperty("thread");
        String run = p.getProperty("run");
        long events = Long.parseLong(p.getProperty("events"));
        String join = a.str("join", "thread");
        int resumes = a.integer("resumes", 5);
        Results r = new Results("replay", a);
        String path = join.equals("thread") ? "/threads/" + t + "/stream" : "/threads/" + t + "/runs/" + run + "/stream";
        String fromStart = join.equals("thread") ? "-" : "-1";

        readFromStart(url, path, fromStart, Math.min(events, 200_000)); // warm-up
        ReplayRun full = readFromStart(url, path, fromStart, events);
        r.put("param_events", events);
        r.put("replayed", full.count);
        r.put("replay_in_order", full.inOrder && full.count == events ? 1 : 0);
        r.put("replay_events_per_s", full.count == 0 ? Double.NaN : Results.rate(full.count, full.lastNanos - full.t0));
        r.put("replay_ms_total", full.count == 0 ? Double.NaN : Clock.ms(full.lastNanos - full.t0));
        r.put("replay_ms_to_first_event", full.count == 0 ? Double.NaN : Clock.ms(full.firstNanos - full.t0));
        if (full.midId == null) {
            r.note("resume", "no middle id seen");
            return;
        }
        double[] ttfe = new double[resumes];
        boolean ok = true;
        for (int i = 0; i < resumes; i++) {
            long t0 = System.nanoTime();
            long[] first = {-1, Long.MIN_VALUE};
            try (SseConnection c = SseConnection.request(url, "GET", path).header("Last-Event-ID", full.midId).open()) {
                if (c.status != 200) throw new IllegalStateException("resume -> " + c.status + " " + c.bodyText());
                c.closeAfter(60_000);
                c.pump(e -> {
                    first[0] = e.startNanos;
                    first[1] = e.nameIs("custom") ? e.longField("i") : Long.MIN_VALUE;
                    return false;
                });
            }
            ttfe[i] = Clock.ms(first[0] - t0);
            if (first[1] != events / 2) ok = false;
        }
        double firstTry = ttfe[0];
        Arrays.sort(ttfe);
        r.note("resume_from_id", full.midId);
        r.put("resume_first_event_is_next", ok ? 1 : 0);
        r.put("resume_ttfe_ms", ttfe[resumes / 2]);
        r.put("resume_ttfe_first_try_ms", firstTry);
    }

    private static final class ReplayRun {
        long t0;
        long firstNanos;
        long lastNanos;
        long count;
        boolean inOrder = true;
        String midId;
    }

    private static ReplayRun readFromStart(String url, String path, String cursor, long upTo)
            throws Exception {
        ReplayRun run = new ReplayRun();
        long[] last = {-1};
        run.t0 = System.nanoTime();
        try (SseConnection c = SseConnection.request(url, "GET", path).header("Last-Event-ID", cursor).open()) {
            if (c.status != 200) throw new IllegalStateException("replay -> " + c.status + " " + c.bodyText());
            c.closeAfter(600_000);
            c.pump(e -> {
                if (!e.nameIs("custom")) return true;
                long i = e.longField("i");
                if (i != last[0] + 1) run.inOrder = false;
                last[0] = i;
                if (run.count++ == 0) run.firstNanos = e.arrivalNanos;
                run.lastNanos = e.arrivalNanos;
                if (run.count == upTo / 2) run.midId = e.id();
                return run.count < upTo;
            });
        }
        return run;
    }
}
