package io.spool.bench;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * #4 (Spool only; the JS peer has no thread stream): {@code --clients} clients, one socket each, all read by one
 * selector thread ({@link NioSseClients}), joined to one thread's stream. Then {@code --events} events are published
 * at {@code --rate} per second:
 * <ul>
 *   <li>{@code --via run} (default): one {@code burst} run with {@code interval_ms}, whose custom events
 *   {@code {i, t}} carry the time they were emitted; clients read {@code GET /threads/{t}/stream}.</li>
 *   <li>{@code --via state}: {@code POST /threads/{t}/state} {@code {"values":{"bench_k":k,"bench_t":<epoch µs>}}}
 *   from the client, each publishing one {@code state_update}; clients read {@code ?stream_mode=state_update}.</li>
 * </ul>
 * Every client must get every event, in order; delivery latency = receipt time − the event's time stamp, over all
 * deliveries. {@code --run-url}: create the run through another process on the same storage (so it executes there
 * while the clients read through {@code --url}: cross-process delivery, {@code bench/scaleout.sh}).
 */
final class ThreadFanout {

    private ThreadFanout() {
    }

    static void run(Args a) throws Exception {
        Api api = new Api(a.required("url"));
        Api runApi = new Api(a.str("run-url", a.required("url")));
        int clients = a.integer("clients", 10_000);
        int events = a.integer("events", 100);
        double rate = a.num("rate", 20);
        int parallel = a.integer("connect-parallel", 32); // below Jetty's accept backlog (50)
        long pid = a.num("pid", -1);
        long timeoutS = a.num("timeout-s", 120);
        boolean viaRun = a.str("via", "run").equals("run");
        Results r = new Results("thread_fanout", a);
        String event = viaRun ? "custom" : "state_update";
        String seqField = viaRun ? "i" : "bench_k";
        String timeField = viaRun ? "t" : "bench_t";

        String t = api.createThread();
        api.post("/threads/" + t + "/state", Map.of("values", Map.of("bench_k", -1, "bench_t", 0))); // warm-up
        Thread.sleep(500);
        double rssBefore = Proc.rssMiB(pid);
        Proc.PeakSampler sampler = new Proc.PeakSampler(pid, 100);

        Histogram latency = new Histogram(600_000_000L, 3);
        long[] expected = new long[clients];
        boolean[] outOfOrder = new boolean[clients];
        int[] complete = {0, 0}; // clients that got the last event; of those, in order
        String path = "/threads/" + t + "/stream" + (viaRun ? "" : "?stream_mode=state_update");
        long tConnect = System.nanoTime();
        NioSseClients all = new NioSseClients(api.base, path, clients, parallel, (c, name, data, length, at) -> {
            if (!name.equals(event)) return true;
            long k = NioSseClients.longField(data, length, seqField);
            if (k < 0) return true;
            latency.recordValue(Math.max(0, Clock.epochMicros(at) - NioSseClients.longField(data, length, timeField)));
            if (k != expected[c]) outOfOrder[c] = true;
            expected[c] = k + 1;
            if (k < events - 1) return true;
            complete[0]++;
            if (!outOfOrder[c]) complete[1]++;
            return false;
        });
        long joinDeadline = System.nanoTime() + timeoutS * 1_000_000_000L;
        while (all.joined() + all.failed() < clients && System.nanoTime() < joinDeadline) Thread.sleep(20);
        if (all.joined() + all.failed() < clients) Results.log("not every client joined within %d s", timeoutS);
        int joinFailures = clients - all.joined();
        double connectS = (System.nanoTime() - tConnect) / 1e9;
        Thread.sleep(1000);
        double rssJoined = Proc.rssMiB(pid);
        Results.log("%d clients joined in %.1f s (%d failed); server RSS %.1f -> %.1f MiB; sending %d events at %.0f/s",
                clients - joinFailures, connectS, joinFailures, rssBefore, rssJoined, events, rate);

        long period = (long) (1e9 / rate);
        long start = System.nanoTime();
        int sendErrors = 0;
        if (viaRun) {
            Map<String, Object> body = Api.burst(events, 0, false);
            @SuppressWarnings("unchecked")
            Map<String, Object> configurable = (Map<String, Object>) ((Map<String, Object>) body.get("config"))
                    .get("configurable");
            configurable.put("interval_ms", period / 1_000_000);
            try {
                runApi.createRun(t, body);
            } catch (Exception e) {
                sendErrors++;
                Results.log("run creation failed: %s", e);
            }
        }
        for (int k = 0; k < events && !viaRun; k++) {
            long due = start + k * period;
            long wait = due - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            try {
                api.post("/threads/" + t + "/state",
                        Map.of("values", Map.of("bench_k", k, "bench_t", Clock.epochMicros())));
            } catch (Exception e) {
                if (++sendErrors <= 3) Results.log("state update %d failed: %s", k, e);
            }
        }
        double sendS = (System.nanoTime() - start) / 1e9;
        long doneDeadline = System.nanoTime() + timeoutS * 1_000_000_000L;
        while (all.settled() < clients && System.nanoTime() < doneDeadline) Thread.sleep(5);
        boolean allDone = all.settled() == clients;
        double lastS = (System.nanoTime() - start) / 1e9;
        double peak = sampler.peakMiB();
        sampler.close();
        int clientErrors = all.failed();
        all.close(); // joins the selector thread: what it recorded is visible from here on

        Histogram h = latency;
        r.put("param_clients", clients);
        r.put("param_events", events);
        r.put("param_rate", rate);
        r.put("clients_joined", clients - joinFailures);
        r.put("clients_complete", complete[0]);
        r.put("clients_in_order", complete[1]);
        r.put("all_clients_all_events", allDone && complete[1] == clients ? 1 : 0);
        r.put("deliveries", h.getTotalCount());
        r.put("send_errors", sendErrors);
        r.put("client_errors", clientErrors);
        r.put("connect_s", connectS);
        r.put("send_s", sendS);
        r.put("s_until_all_delivered", lastS);
        r.put("p50_ms", h.getValueAtPercentile(50) / 1000.0);
        r.put("p90_ms", h.getValueAtPercentile(90) / 1000.0);
        r.put("p99_ms", h.getValueAtPercentile(99) / 1000.0);
        r.put("max_ms", h.getMaxValue() / 1000.0);
        if (pid > 0) {
            r.put("rss_before_mib", rssBefore);
            r.put("rss_joined_mib", rssJoined);
            r.put("rss_peak_mib", peak);
        }
    }
}
