package io.spool.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * #3: {@code --runs} sequential {@code POST /threads/{t}/runs/wait} on one thread, graph {@code burst} with
 * {@code count: 0} (one node, no events): runs/s and the latency distribution (HdrHistogram, microseconds).
 */
final class WaitRuns {

    private WaitRuns() {
    }

    static void run(Args a) throws Exception {
        Api api = new Api(a.required("url"));
        int runs = a.integer("runs", 1000);
        int warmups = a.integer("warmups", 20);
        long maxSeconds = a.num("max-s", 900);
        Results r = new Results("wait", a);
        Map<String, Object> configurable = new LinkedHashMap<>();
        configurable.put("count", 0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assistant_id", "burst");
        body.put("input", Map.of());
        body.put("config", Map.of("configurable", configurable));
        String t = api.createThread();
        String path = "/threads/" + t + "/runs/wait";
        byte[] json = Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (KeepAliveClient http = new KeepAliveClient(api.base)) {
            measure(http, path, json, warmups, runs, maxSeconds, r);
        }
    }

    private static void measure(KeepAliveClient http, String path, byte[] json, int warmups, int runs, long maxSeconds,
                                Results r) throws Exception {
        for (int i = 0; i < warmups; i++) http.post(path, json);
        Histogram h = new Histogram(3_600_000_000L, 3);
        int errors = 0;
        int done = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            try {
                String reply = http.post(path, json);
                if (!reply.contains("\"emitted\"")) {
                    errors++;
                    if (errors <= 3) Results.log("unexpected runs/wait reply: %s", Json.abbreviate(reply));
                }
            } catch (Exception e) {
                errors++;
                if (errors <= 3) Results.log("runs/wait failed: %s", e);
            }
            h.recordValue(Math.max(1, (System.nanoTime() - s) / 1000));
            done++;
            if ((System.nanoTime() - t0) / 1e9 > maxSeconds) {
                Results.log("stopping after %d runs (--max-s %d)", done, maxSeconds);
                break;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        r.put("param_runs", done);
        r.put("errors", errors);
        r.put("runs_per_s", done / secs);
        r.put("p50_ms", h.getValueAtPercentile(50) / 1000.0);
        r.put("p90_ms", h.getValueAtPercentile(90) / 1000.0);
        r.put("p99_ms", h.getValueAtPercentile(99) / 1000.0);
        r.put("max_ms", h.getMaxValue() / 1000.0);
    }
}
