package io.spool.bench;

/**
 * The client side of the raw ceiling: the same {@link SseConnection} parser as every Spool measurement, reading
 * {@code --count} frames from {@link RawServer}; events/s between the first and the last event.
 */
final class RawClient {

    private RawClient() {
    }

    static void run(Args a) throws Exception {
        String url = a.required("url");
        long count = a.num("count", 100_000);
        Results r = new Results("raw_ceiling", a);
        for (int w = 0; w < 3; w++) once(url, Math.min(count, 200_000), null); // warm-up, both JVMs
        once(url, count, r);
    }

    private static void once(String url, long count, Results r) throws Exception {
        long[] seen = {0, -1, 0, 0};
        boolean[] inOrder = {true};
        try (SseConnection c = SseConnection.request(url, "GET", "/?count=" + count).open()) {
            c.pump(e -> {
                if (!e.nameIs("custom")) return true;
                long i = e.longField("i");
                if (i != seen[1] + 1) inOrder[0] = false;
                seen[1] = i;
                if (seen[0]++ == 0) seen[2] = e.arrivalNanos;
                seen[3] = e.arrivalNanos;
                return true;
            });
        }
        if (r == null) return;
        r.put("param_count", count);
        r.put("events", seen[0]);
        r.put("in_order", inOrder[0] && seen[0] == count ? 1 : 0);
        r.put("events_per_s", Results.rate(seen[0], seen[3] - seen[2]));
    }
}
