package io.spool.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The store at size: {@code --items} items put under one namespace ({@code index: false}, so filtered search only),
 * then {@code --searches} sequential {@code POST /store/items/search} of three kinds: the first page of the namespace,
 * an equality filter that one item in ten matches, and a page deep in (offset {@code items - 20}). With
 * {@code --semantic N}, N more items are put with the server's index (embedded on put) and searched with a
 * {@code query}. Latencies in milliseconds (HdrHistogram); fill rates in items/s.
 */
final class StoreSearch {

    private static final List<String> TOPICS = List.of("pasta with tomato and basil", "the train timetable to Turin",
            "a recipe for risotto alla milanese", "quarterly tax filing deadlines", "how to repot a fig tree",
            "football results of the weekend", "espresso and the moka pot", "setting up a home network",
            "pizza dough that rises overnight", "the history of the Roman aqueducts");

    private StoreSearch() {
    }

    static void run(Args a) throws Exception {
        String url = a.required("url");
        int items = a.integer("items", 10_000);
        int searches = a.integer("searches", 200);
        int semantic = a.integer("semantic", 0);
        String root = "bench" + System.nanoTime();
        Results r = new Results("store", a);
        try (KeepAliveClient http = new KeepAliveClient(url)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < items; i++) put(http, root, "plain", i, false);
            r.put("fill_items_per_s", items / ((System.nanoTime() - t0) / 1e9));
            String ns = "[\"" + root + "\",\"plain\"]";
            measure(http, r, "first_page", searches, "{\"namespace_prefix\":" + ns + ",\"limit\":10}");
            measure(http, r, "filter", searches, "{\"namespace_prefix\":" + ns + ",\"filter\":{\"kind\":3},\"limit\":10}");
            measure(http, r, "deep_page", searches,
                    "{\"namespace_prefix\":" + ns + ",\"limit\":10,\"offset\":" + Math.max(0, items - 20) + "}");
            if (semantic > 0) {
                long s0 = System.nanoTime();
                for (int i = 0; i < semantic; i++) put(http, root, "indexed", i, true);
                r.put("semantic_fill_items_per_s", semantic / ((System.nanoTime() - s0) / 1e9));
                String q = "{\"namespace_prefix\":[\"" + root + "\",\"indexed\"],\"query\":\"Italian cooking\",\"limit\":10}";
                measure(http, r, "semantic", searches, q);
                String top = http.post("/store/items/search", q.getBytes(StandardCharsets.UTF_8));
                r.note("semantic_top", Json.abbreviate(top));
            }
        }
    }

    private static void put(KeepAliveClient http, String root, String ns, int i, boolean indexed) throws Exception {
        Map<String, Object> value = Map.of("kind", i % 10, "n", i, "text", TOPICS.get(i % TOPICS.size()) + " #" + i);
        String body = "{\"namespace\":[\"" + root + "\",\"" + ns + "\"],\"key\":\"k" + i + "\",\"value\":"
                + Json.write(value) + (indexed ? "" : ",\"index\":false") + "}";
        http.send("PUT", "/store/items", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void measure(KeepAliveClient http, Results r, String kind, int n, String body) throws Exception {
        byte[] json = body.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < Math.min(20, n); i++) http.post("/store/items/search", json); // warm-up
        Histogram h = new Histogram(3_600_000_000L, 3);
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            http.post("/store/items/search", json);
            h.recordValue(Math.max(1, (System.nanoTime() - s) / 1000));
        }
        r.put(kind + "_p50_ms", h.getValueAtPercentile(50) / 1000.0);
        r.put(kind + "_p99_ms", h.getValueAtPercentile(99) / 1000.0);
    }
}
