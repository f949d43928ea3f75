package io.spool.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * #4, the part both servers can do (what the peer's {@code fanout.mjs RESUMABLE=1} does): a {@code burst} run with
 * {@code stream_resumable: true}, {@code --count} events after {@code --pause-ms}, and {@code --clients} clients
 * joined to {@code GET /threads/{t}/runs/{r}/stream} with {@code Last-Event-ID: -1}. How many got every event in
 * order, and the aggregate delivery rate from the first to the last delivery at any client.
 */
final class RunJoinFanout {

    private RunJoinFanout() {
    }

    static void run(Args a) throws Exception {
        Api api = new Api(a.required("url"));
        int clients = a.integer("clients", 200);
        long count = a.num("count", 500);
        long pauseMs = a.num("pause-ms", 3000);
        long pid = a.num("pid", -1);
        Results r = new Results("run_fanout", a);

        String t = api.createThread();
        double rssBefore = Proc.rssMiB(pid);
        Proc.PeakSampler sampler = new Proc.PeakSampler(pid, 100);
        long tCreate = System.nanoTime();
        String runId = api.createRun(t, Api.burst(count, pauseMs, true));
        CountDownLatch finished = new CountDownLatch(clients);
        AtomicInteger complete = new AtomicInteger();
        AtomicInteger statusNot200 = new AtomicInteger();
        AtomicLong deliveries = new AtomicLong();
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        String path = "/threads/" + t + "/runs/" + runId + "/stream";
        for (int c = 0; c < clients; c++) {
            Thread.ofVirtual().start(() -> {
                long[] st = {-1, 0};
                boolean[] ordered = {true};
                try (SseConnection conn = SseConnection.request(api.base, "GET", path)
                        .header("Last-Event-ID", "-1").bufferSize(4096).open()) {
                    if (conn.status != 200) {
                        statusNot200.incrementAndGet();
                        return;
                    }
                    conn.closeAfter(Math.max(60_000, pauseMs * 4));
                    conn.pump(e -> {
                        if (!e.nameIs("custom")) return true;
                        long i = e.longField("i");
                        if (i != st[0] + 1) ordered[0] = false;
                        st[0] = i;
                        st[1]++;
                        deliveries.incrementAndGet();
                        first.accumulateAndGet(e.arrivalNanos, Math::min);
                        last.accumulateAndGet(e.arrivalNanos, Math::max);
                        return st[1] < count;
                    });
                    if (st[1] == count && ordered[0]) complete.incrementAndGet();
                } catch (Exception e) {
                    Results.log("run joiner failed: %s", e);
                } finally {
                    finished.countDown();
                }
            });
        }
        boolean allDone = finished.await(Math.max(60, pauseMs / 1000 * 4), TimeUnit.SECONDS);
        double peak = sampler.peakMiB();
        sampler.close();
        long span = last.get() - first.get();
        r.put("param_clients", clients);
        r.put("param_count", count);
        r.put("param_pause_ms", pauseMs);
        r.put("clients_complete_in_order", complete.get());
        r.put("all_clients_all_events", allDone && complete.get() == clients ? 1 : 0);
        r.put("status_not_200", statusNot200.get());
        r.put("deliveries", deliveries.get());
        boolean any = deliveries.get() > 0;
        r.put("ms_create_to_last_delivery", any ? Clock.ms(last.get() - tCreate) : Double.NaN);
        r.put("ms_first_to_last_delivery", any ? Clock.ms(span) : Double.NaN);
        r.put("deliveries_per_s", any ? Results.rate(deliveries.get(), span) : Double.NaN);
        if (pid > 0) {
            r.put("rss_before_mib", rssBefore);
            r.put("rss_peak_mib", peak);
        }
    }
}
