package io.spool.bench;

/**
 * #1: one {@code burst} run of {@code --count} custom events streamed directly with
 * {@code POST /threads/{t}/runs/stream} ({@code stream_mode: ["custom"]}): time from the request to the last event
 * (the figure), to the end of the stream, and the events/s between the first and the last event.
 */
final class BurstDirect {

    private static long MAX_MS = 120_000; // --max-s

    private BurstDirect() {
    }

    static void run(Args a) throws Exception {
        Api api = new Api(a.required("url"));
        MAX_MS = a.num("max-s", MAX_MS / 1000) * 1000;
        long count = a.num("count", 2000);
        int warmups = a.integer("warmups", 2);
        Results r = new Results("burst_direct", a);
        for (int w = 0; w < warmups; w++) once(api, Math.min(count, 2000), null);
        once(api, count, r);
    }

    private static void once(Api api, long count, Results r) throws Exception {
        String t = api.createThread();
        long[] seen = {0, -1, 0, 0}; // events, last i, first arrival, last arrival
        boolean[] inOrder = {true};
        long t0 = System.nanoTime();
        long tEnd;
        String error;
        try (SseConnection c = SseConnection.request(api.base, "POST", "/threads/" + t + "/runs/stream")
                .json(Api.burst(count, 0, false)).open()) {
            if (c.status != 200) throw new IllegalStateException("runs/stream -> " + c.status + " " + c.bodyText());
            c.closeAfter(MAX_MS);
            c.pump(e -> {
                if (!e.nameIs("custom")) return true;
                long i = e.longField("i");
                if (i != seen[1] + 1) inOrder[0] = false;
                seen[1] = i;
                if (seen[0]++ == 0) seen[2] = e.arrivalNanos;
                seen[3] = e.arrivalNanos;
                return true;
            });
            tEnd = System.nanoTime();
            error = c.timedOut ? "no end of stream within " + MAX_MS + " ms" : c.errorData;
        }
        if (error != null) Results.log("burst-direct: %s", error);
        if (r == null) return;
        r.put("param_count", count);
        r.put("events", seen[0]);
        r.put("in_order", inOrder[0] && seen[0] == count ? 1 : 0);
        r.put("ms_to_last_event", seen[0] == 0 ? Double.NaN : Clock.ms(seen[3] - t0));
        r.put("ms_to_close", Clock.ms(tEnd - t0));
        r.put("events_per_s", Results.rate(seen[0], seen[3] - seen[2]));
        if (error != null) r.note("error", error);
    }
}
