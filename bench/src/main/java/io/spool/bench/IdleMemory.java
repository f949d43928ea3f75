package io.spool.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * #5: the server's RSS when idle (after start-up and one warm-up run), and its growth per idle joined SSE
 * connection: RSS with {@code --conns} idle joined connections minus idle RSS, divided by {@code --conns}.
 * {@code --join thread}: {@code GET /threads/{t}/stream} (Spool); {@code --join run}: the peer's only join,
 * {@code GET /threads/{t}/runs/{r}/stream} on a background run that sleeps long enough ({@code --hold-ms}).
 * Each RSS figure is the median of 10 readings over {@code --settle-ms}, taken after a pause of the same length.
 */
final class IdleMemory {

    private IdleMemory() {
    }

    static void run(Args a) throws Exception {
        Api api = new Api(a.required("url"));
        long pid = Long.parseLong(a.required("pid"));
        int conns = a.integer("conns", 2000);
        String join = a.str("join", "thread");
        long settleMs = a.num("settle-ms", 3000);
        long holdMs = a.num("hold-ms", 600_000);
        Results r = new Results("memory", a);

        String warm = api.createThread();
        api.post("/threads/" + warm + "/runs/wait", Api.burst(10, 0, false));
        Thread.sleep(settleMs);
        double idle = Proc.medianRssMiB(pid, settleMs, 10);

        String t = api.createThread();
        String runId = join.equals("run") ? api.createRun(t, Api.burst(0, holdMs, false)) : null;
        String path = runId == null ? "/threads/" + t + "/stream" : "/threads/" + t + "/runs/" + runId + "/stream";
        List<SseConnection> open = new CopyOnWriteArrayList<>();
        Semaphore gate = new Semaphore(32); // below Jetty's accept backlog (50)
        CountDownLatch joined = new CountDownLatch(conns);
        AtomicInteger failures = new AtomicInteger();
        long t0 = System.nanoTime();
        for (int i = 0; i < conns; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    gate.acquire();
                    try {
                        SseConnection c = SseConnection.request(api.base, "GET", path).bufferSize(512).open();
                        open.add(c);
                        if (c.status != 200) failures.incrementAndGet();
                    } finally {
                        gate.release();
                    }
                } catch (Exception e) {
                    if (failures.incrementAndGet() <= 3) Results.log("join failed: %s", e);
                } finally {
                    joined.countDown();
                }
            });
        }
        joined.await(300, TimeUnit.SECONDS);
        double connectS = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(settleMs);
        double withConns = Proc.medianRssMiB(pid, settleMs, 10);
        for (SseConnection c : open) c.close();
        if (runId != null) {
            try {
                api.cancel(t, runId);
            } catch (Exception e) {
                Results.log("cancel failed: %s", e);
            }
        }
        Thread.sleep(settleMs);
        double after = Proc.medianRssMiB(pid, settleMs, 10);
        int ok = conns - failures.get();
        r.put("param_conns", conns);
        r.put("conns_joined", ok);
        r.put("connect_s", connectS);
        r.put("idle_rss_mib", idle);
        r.put("rss_with_conns_mib", withConns);
        r.put("rss_after_close_mib", after);
        r.put("kib_per_conn", (withConns - idle) * 1024 / Math.max(1, ok));
    }
}
