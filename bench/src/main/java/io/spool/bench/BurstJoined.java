package io.spool.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * #2 and #8: a {@code burst} run of {@code --count} events read by one joined reader; events/s between its first and
 * last custom event.
 * <ul>
 *   <li>{@code --join thread} (Spool): the reader joins {@code GET /threads/{t}/stream} before the run, which is then
 *   created with {@code POST /threads/{t}/runs} ({@code sleep_ms} so the reader is surely joined).</li>
 *   <li>{@code --join run} (the JS peer, which has no thread stream): the run is created with
 *   {@code stream_resumable: true} and the reader joins {@code GET /threads/{t}/runs/{r}/stream} with
 *   {@code Last-Event-ID: -1}, as the peer's own bench scripts do.</li>
 *   <li>{@code --slow-reader N} (#8): a second reader joined the same way reads only N events/s from a socket with a
 *   small receive buffer, for the whole run; server RSS is sampled (needs {@code --pid}).</li>
 * </ul>
 */
final class BurstJoined {

    private static long MAX_MS = 300_000; // --max-s

    private BurstJoined() {
    }

    static void run(Args a) throws Exception {
        Api api = new Api(a.required("url"));
        MAX_MS = a.num("max-s", MAX_MS / 1000) * 1000;
        long count = a.num("count", 100_000);
        long sleepMs = a.num("sleep-ms", 300);
        String join = a.str("join", "thread");
        int slowRate = a.integer("slow-reader", 0);
        long pid = a.num("pid", -1);
        Results r = new Results(slowRate > 0 ? "burst_joined_slow" : "burst_joined", a);
        long warm = a.num("warmup-count", Math.min(count, 20_000));
        for (int w = 0; w < a.integer("warmups", 2) && warm > 0; w++) once(api, warm, sleepMs, join, 0, -1, null);
        once(api, count, sleepMs, join, slowRate, pid, r);
    }

    private static SseConnection joinReader(Api api, String join, String t, String runId, int receiveBuffer)
            throws Exception {
        SseConnection.Request req = join.equals("thread")
                ? SseConnection.request(api.base, "GET", "/threads/" + t + "/stream")
                : SseConnection.request(api.base, "GET", "/threads/" + t + "/runs/" + runId + "/stream")
                        .header("Last-Event-ID", "-1");
        if (receiveBuffer > 0) req.receiveBuffer(receiveBuffer).bufferSize(1024);
        SseConnection c = req.open();
        if (c.status != 200) {
            String body = c.bodyText();
            c.close();
            throw new IllegalStateException("join " + join + " stream -> " + c.status + " " + Json.abbreviate(body));
        }
        return c;
    }

    private static void once(Api api, long count, long sleepMs, String join, int slowRate, long pid, Results r)
            throws Exception {
        String t = api.createThread();
        String runId = null;
        double rssBefore = Proc.rssMiB(pid);
        Proc.PeakSampler sampler = pid > 0 ? new Proc.PeakSampler(pid, 50) : null;
        long tReq;
        if (join.equals("run")) {
            tReq = System.nanoTime();
            runId = api.createRun(t, Api.burst(count, sleepMs, true));
        } else {
            tReq = -1;
        }
        SseConnection fast = joinReader(api, join, t, runId, -1);

        SlowReader slow = null;
        if (slowRate > 0) slow = new SlowReader(joinReader(api, join, t, runId, 4096), slowRate);

        if (join.equals("thread")) {
            tReq = System.nanoTime();
            api.createRun(t, Api.burst(count, sleepMs, false));
        }
        long[] seen = {0, -1, 0, 0};
        boolean[] inOrder = {true};
        fast.closeAfter(MAX_MS);
        try (fast) {
            fast.pump(e -> {
                if (!e.nameIs("custom")) return true;
                long i = e.longField("i");
                if (i != seen[1] + 1) inOrder[0] = false;
                seen[1] = i;
                if (seen[0]++ == 0) seen[2] = e.arrivalNanos;
                seen[3] = e.arrivalNanos;
                return seen[0] < count;
            });
        }
        String error = fast.timedOut ? "reader stopped after " + MAX_MS + " ms" : fast.errorData;
        if (error != null) Results.log("burst-joined: %s", error);
        double rssEnd = Proc.rssMiB(pid);
        double rssLater = Double.NaN;
        if (slow != null) {
            Thread.sleep(2000); // the slow reader stays: does the server hold its backlog in memory?
            rssLater = Proc.rssMiB(pid);
            slow.close();
        }
        double peak = sampler == null ? Double.NaN : sampler.peakMiB();
        if (sampler != null) sampler.close();
        if (r == null) return;
        r.put("param_count", count);
        r.put("events", seen[0]);
        r.put("in_order", inOrder[0] && seen[0] == count ? 1 : 0);
        r.put("events_per_s", Results.rate(seen[0], seen[3] - seen[2]));
        r.put("ms_first_to_last", seen[0] == 0 ? Double.NaN : Clock.ms(seen[3] - seen[2]));
        // Robust to a reader that wakes late and gets a backlog in one read: from the run's request + sleep_ms.
        r.put("events_per_s_from_run_start",
                seen[0] == 0 ? Double.NaN : Results.rate(seen[0], seen[3] - tReq - sleepMs * 1_000_000));
        r.put("ms_request_to_last", seen[0] == 0 ? Double.NaN : Clock.ms(seen[3] - tReq));
        if (error != null) r.note("error", error);
        if (pid > 0) {
            r.put("rss_before_mib", rssBefore);
            r.put("rss_peak_mib", peak);
            r.put("rss_end_mib", rssEnd);
        }
        if (slow != null) {
            r.put("rss_2s_later_mib", rssLater);
            r.put("slow_reader_events", slow.events.get());
            r.put("slow_reader_in_order", slow.inOrder.get() ? 1 : 0);
        }
    }

    /** Reads {@code rate} events per second, so the server sees a reader that falls behind. */
    static final class SlowReader implements AutoCloseable {
        final AtomicLong events = new AtomicLong();
        final AtomicBoolean inOrder = new AtomicBoolean(true);
        private final SseConnection conn;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile boolean stop;

        SlowReader(SseConnection conn, int rate) {
            this.conn = conn;
            long pauseMs = Math.max(1, 1000 / rate);
            Thread.ofVirtual().start(() -> {
                long[] last = {-1};
                try {
                    conn.pump(e -> {
                        if (!e.nameIs("custom")) return !stop;
                        long i = e.longField("i");
                        if (i != last[0] + 1) inOrder.set(false);
                        last[0] = i;
                        events.incrementAndGet();
                        Thread.sleep(pauseMs);
                        return !stop;
                    });
                } catch (Exception ignored) {
                    // closed by close()
                } finally {
                    done.countDown();
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            conn.close();
            done.await();
        }
    }
}
