package io.spool.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * #9 (issue 13): do replays slow other users' reads? {@code --clients} readers replay the thread that
 * {@code replay-fill} wrote ({@code --state}) from its start, all at once, while a probe reads another thread's state
 * ({@code GET /threads/{t}/state}, a read of the store) every {@code --probe-ms}: its latency during the replays
 * against the same probe before them (HdrHistogram, microseconds).
 */
final class ReplayContention {

    private ReplayContention() {
    }

    static void run(Args a) throws Exception {
        String url = a.required("url");
        Properties p = new Properties();
        try (var rd = Files.newBufferedReader(Path.of(a.required("state")))) {
            p.load(rd);
        }
        String filled = p.getProperty("thread");
        long events = Long.parseLong(p.getProperty("events"));
        int clients = a.integer("clients", 200);
        long probeMs = a.num("probe-ms", 20);
        Results r = new Results("replay_contention", a);
        Api api = new Api(url);
        String other = api.createThread();
        api.post("/threads/" + other + "/runs/wait", Api.burst(10, 0, false)); // a checkpoint to read
        String probePath = "/threads/" + other + "/state";

        Histogram idle = new Histogram(3_600_000_000L, 3);
        for (int i = 0; i < 100; i++) probe(api, probePath, idle, probeMs);

        AtomicLong replayed = new AtomicLong();
        AtomicLong incomplete = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            readers.add(Thread.ofVirtual().start(() -> {
                long[] n = {0};
                try (SseConnection s = SseConnection.request(url, "GET", "/threads/" + filled + "/stream")
                        .header("Last-Event-ID", "-").open()) {
                    s.closeAfter(600_000);
                    s.pump(e -> {
                        if (e.nameIs("custom")) n[0]++;
                        return n[0] < events;
                    });
                } catch (Exception e) {
                    Results.log("replay failed: %s", e);
                }
                replayed.addAndGet(n[0]);
                if (n[0] < events) incomplete.incrementAndGet();
            }));
        }
        Histogram busy = new Histogram(3_600_000_000L, 3);
        while (readers.stream().anyMatch(Thread::isAlive)) probe(api, probePath, busy, probeMs);
        double secs = (System.nanoTime() - t0) / 1e9;
        for (Thread t : readers) t.join();

        r.put("param_clients", clients);
        r.put("param_events", events);
        r.put("replays_incomplete", incomplete.get());
        r.put("replay_s", secs);
        r.put("replay_events_per_s", replayed.get() / secs);
        r.put("idle_probe_p50_ms", idle.getValueAtPercentile(50) / 1000.0);
        r.put("idle_probe_p99_ms", idle.getValueAtPercentile(99) / 1000.0);
        r.put("probes", busy.getTotalCount());
        r.put("probe_p50_ms", busy.getValueAtPercentile(50) / 1000.0);
        r.put("probe_p99_ms", busy.getValueAtPercentile(99) / 1000.0);
        r.put("probe_max_ms", busy.getMaxValue() / 1000.0);
    }

    private static void probe(Api api, String path, Histogram h, long pauseMs) throws Exception {
        long s = System.nanoTime();
        api.get(path);
        h.recordValue(Math.max(1, (System.nanoTime() - s) / 1000));
        Thread.sleep(pauseMs);
    }
}
