package io.spool.it;

import static io.spool.it.StreamAssertions.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The long-term store over HTTP: {@code PUT/GET/DELETE /store/items}, {@code POST /store/items/search} (prefix on
 * whole labels, the filter operators, paging) and {@code POST /store/namespaces}, namespace validation (422 with a
 * detail), item TTLs (hidden once expired, counted again on reads with refresh) and semantic search (the example
 * config's index: all-MiniLM-L6-v2 in the process). Each test works under a namespace of its own.
 */
abstract class StoreContract extends ServerContract {

    /** The first label of every namespace of the running test (one server serves the whole class). */
    private String root;

    @BeforeEach
    void freshRoot() {
        root = "t" + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<String> ns(String... labels) {
        List<String> out = new ArrayList<>(List.of(root));
        out.addAll(List.of(labels));
        return out;
    }

    private Http.Response put(List<String> namespace, String key, Object value, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("namespace", namespace);
        body.put("key", key);
        body.put("value", value);
        body.putAll(extra);
        return http.send("PUT", "/store/items", Json.write(body));
    }

    private void putOk(List<String> namespace, String key, Map<String, Object> value) {
        Http.Response r = put(namespace, key, value, Map.of());
        assertEquals(204, r.status(), r::toString);
        assertEquals("", r.body());
    }

    private JsonNode get(List<String> namespace, String key, String more) {
        Http.Response r = http.get("/store/items?namespace=" + enc(String.join(".", namespace)) + "&key=" + enc(key)
                + more);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private List<String> searchKeys(Map<String, Object> body) {
        Http.Response r = http.postJson("/store/items/search", body);
        assertEquals(200, r.status(), r::toString);
        List<String> keys = new ArrayList<>();
        for (JsonNode item : r.json().get("items")) {
            assertFalse(item.has("score"), "no score without a query: " + item);
            keys.add(Json.str(item, "key"));
        }
        return keys;
    }

    private List<List<String>> namespaces(Map<String, Object> body) {
        Http.Response r = http.postJson("/store/namespaces", body);
        assertEquals(200, r.status(), r::toString);
        List<List<String>> out = new ArrayList<>();
        for (JsonNode n : r.json().get("namespaces")) out.add(Json.strings(n));
        return out;
    }

    @Test
    void putGetReplaceAndDelete() {
        List<String> user = ns("users", "u1");
        putOk(user, "prefs", Map.of("theme", "dark", "size", 12));
        JsonNode item = get(user, "prefs", "");
        assertEquals(user, Json.strings(item.get("namespace")), item::toString);
        assertEquals("prefs", Json.str(item, "key"));
        assertEquals("dark", Json.str(item.get("value"), "theme"));
        assertEquals(12, item.get("value").get("size").asInt());
        OffsetDateTime created = OffsetDateTime.parse(Json.str(item, "created_at"));
        assertEquals(created, OffsetDateTime.parse(Json.str(item, "updated_at")));

        putOk(user, "prefs", Map.of("theme", "light"));
        JsonNode replaced = get(user, "prefs", "");
        assertEquals(Map.of("theme", "light").toString(), Json.MAPPER.convertValue(replaced.get("value"), Map.class)
                .toString(), "a put replaces the whole value");
        assertEquals(created, OffsetDateTime.parse(Json.str(replaced, "created_at")), "created_at is kept");
        assertTrue(OffsetDateTime.parse(Json.str(replaced, "updated_at")).isAfter(created), replaced::toString);

        // repeated namespace parameters name the labels one by one
        Http.Response repeated = http.get("/store/items?namespace=" + root + "&namespace=users&namespace=u1&key=prefs");
        assertEquals(200, repeated.status(), repeated::toString);
        assertEquals("light", Json.str(repeated.json().get("value"), "theme"));

        assertTrue(get(user, "missing", "").isNull(), "an item that does not exist is null");
        assertTrue(get(ns("users"), "prefs", "").isNull(), "namespaces match exactly on get");

        Http.Response deleted = http.send("DELETE", "/store/items", Json.write(Map.of("namespace", user, "key",
                "prefs")));
        assertEquals(204, deleted.status(), deleted::toString);
        assertTrue(get(user, "prefs", "").isNull(), "deleted");
        Http.Response again = http.send("DELETE", "/store/items", Json.write(Map.of("namespace", user, "key",
                "prefs")));
        assertEquals(204, again.status(), "deleting what is not there is not an error: " + again);
    }

    @Test
    @SuppressWarnings("unchecked")
    void badNamespacesAndFieldsAre422WithADetail() {
        for (Object bad : List.of(List.of(), List.of(root, ""), List.of(root, "a.b"), "a.b", List.of(root, 5))) {
            JsonNode error = assertJsonError(put(bad instanceof List<?> ? (List<String>) bad : null, "k", Map.of(),
                    bad instanceof List<?> ? Map.of() : Map.of("namespace", bad)), 422);
            assertNotEquals("", Json.str(error, "detail"));
        }
        assertTrue(Json.str(assertJsonError(put(List.of(root, "a.b"), "k", Map.of(), Map.of()), 422), "detail")
                .contains("a.b"), "the detail names the label");
        assertJsonError(put(ns(), "k", "not an object", Map.of()), 422);
        assertJsonError(put(ns(), "k", Map.of(), Map.of("ttl", "soon")), 422);
        assertJsonError(put(ns(), "k", Map.of(), Map.of("ttl", -1)), 422);
        assertJsonError(put(ns(), "k", Map.of(), Map.of("index", true)), 422);
        assertJsonError(http.send("PUT", "/store/items", Json.write(Map.of("namespace", ns(), "value", Map.of()))), 422);
        assertJsonError(http.get("/store/items?namespace=&key=k"), 422);
        assertJsonError(http.get("/store/items?namespace=" + root + "..x&key=k"), 422);
        assertJsonError(http.get("/store/items?namespace=" + root), 400);
        assertJsonError(http.send("DELETE", "/store/items", Json.write(Map.of("namespace", List.of(), "key", "k"))),
                422);
        assertJsonError(http.postJson("/store/items/search", Map.of("namespace_prefix", List.of(root, ""))), 422);
        assertJsonError(http.postJson("/store/items/search", Map.of("filter", Map.of("n", Map.of("$like", 1)))), 422);
        assertJsonError(http.postJson("/store/items/search", Map.of("limit", 0)), 422);
        assertJsonError(http.postJson("/store/namespaces", Map.of("prefix", List.of("a.b"))), 422);
        assertJsonError(http.postJson("/store/namespaces", Map.of("max_depth", 0)), 422);
        assertJsonError(http.postJson("/store/namespaces", Map.of("offset", -1)), 422);
    }

    @Test
    void searchTakesWholeLabelPrefixesFiltersAndPages() {
        putOk(ns("a", "b"), "k1", Map.of("n", 1, "color", "red"));
        putOk(ns("a", "b", "c"), "k2", Map.of("n", 2.5, "color", "blue"));
        putOk(ns("a", "bc"), "k3", Map.of("n", 10, "color", "red"));
        putOk(ns("x"), "k4", Map.of("n", 4, "color", "green"));

        assertEquals(List.of("k2", "k1"), searchKeys(Map.of("namespace_prefix", ns("a", "b"))),
                "a.b holds a.b and a.b.c, not a.bc; newest first");
        assertEquals(List.of("k4", "k3", "k2", "k1"), searchKeys(Map.of("namespace_prefix", ns())));
        assertEquals(List.of("k3", "k2"), searchKeys(Map.of("namespace_prefix", ns(), "limit", 2, "offset", 1)));
        assertEquals(List.of(), searchKeys(Map.of("namespace_prefix", ns(), "offset", 4)));
        assertEquals(List.of("k3", "k1"), searchKeys(Map.of("namespace_prefix", ns(), "filter", Map.of("color", "red"))));
        assertEquals(List.of("k4", "k3", "k2"), searchKeys(Map.of("namespace_prefix", ns(),
                "filter", Map.of("n", Map.of("$gt", 1)))));
        assertEquals(List.of("k4", "k2"), searchKeys(Map.of("namespace_prefix", ns(),
                "filter", Map.of("n", Map.of("$gte", 2.5, "$lte", 4)))));
        assertEquals(List.of("k2", "k1"), searchKeys(Map.of("namespace_prefix", ns(),
                "filter", Map.of("n", Map.of("$lt", 4)))));
        assertEquals(List.of("k4", "k2"), searchKeys(Map.of("namespace_prefix", ns(),
                "filter", Map.of("color", Map.of("$ne", "red")))));
        assertEquals(List.of("k1"), searchKeys(Map.of("namespace_prefix", ns(),
                "filter", Map.of("n", Map.of("$eq", 1.0)))));
        assertEquals(List.of(), searchKeys(Map.of("namespace_prefix", ns(), "filter", Map.of("missing", 1))));

        Http.Response r = http.postJson("/store/items/search", Map.of("namespace_prefix", ns("x")));
        JsonNode only = r.json().get("items").get(0);
        assertEquals(ns("x"), Json.strings(only.get("namespace")));
        assertEquals(4, only.get("value").get("n").asInt());
        assertTrue(only.has("created_at") && only.has("updated_at"), only::toString);
    }

    @Test
    void namespacesArePrefixedSuffixedCutAndPaged() {
        putOk(ns("users", "u1", "memories"), "k", Map.of());
        putOk(ns("users", "u1", "prefs"), "k", Map.of());
        putOk(ns("users", "u2", "memories"), "k", Map.of());
        putOk(ns("users", "u2", "memories"), "k2", Map.of());
        putOk(ns("docs"), "k", Map.of());

        assertEquals(List.of(ns("docs"), ns("users", "u1", "memories"), ns("users", "u1", "prefs"),
                ns("users", "u2", "memories")), namespaces(Map.of("prefix", ns())));
        assertEquals(List.of(ns("users", "u1", "memories"), ns("users", "u2", "memories")),
                namespaces(Map.of("prefix", ns("users"), "suffix", List.of("memories"))));
        assertEquals(List.of(ns("users", "u1", "prefs")), namespaces(Map.of("prefix", List.of(root, "*", "*", "prefs"))));
        assertEquals(List.of(ns("users", "u1"), ns("users", "u2")), namespaces(Map.of("prefix", ns("users"),
                "max_depth", 3)));
        assertEquals(List.of(ns("users", "u1", "prefs"), ns("users", "u2", "memories")),
                namespaces(Map.of("prefix", ns(), "limit", 2, "offset", 2)));
        assertEquals(List.of(), namespaces(Map.of("prefix", ns("user"))));

        http.send("DELETE", "/store/items", Json.write(Map.of("namespace", ns("docs"), "key", "k")));
        assertFalse(namespaces(Map.of("prefix", ns())).contains(ns("docs")), "a namespace without items is gone");
    }

    @Test
    void itemsExpireAfterTheirTtlAndReadsWithRefreshCountItAgain() {
        double sixSeconds = 6 / 60.0;
        List<String> n = ns("ttl");
        assertEquals(204, put(n, "kept", Map.of("v", 1), Map.of("ttl", sixSeconds)).status());
        assertEquals(204, put(n, "dropped", Map.of("v", 2), Map.of("ttl", sixSeconds)).status());
        putOk(n, "forever", Map.of("v", 3));
        long start = System.nanoTime();

        sleepUntil(start, Duration.ofSeconds(3));
        assertFalse(get(n, "kept", "").isNull(), "a read with refresh (the default) counts the TTL again from now");
        assertFalse(get(n, "dropped", "&refresh_ttl=false").isNull());

        sleepUntil(start, Duration.ofMillis(7_500)); // past the first expiry, before the refreshed one (9 s)
        assertTrue(get(n, "dropped", "&refresh_ttl=false").isNull(), "expired");
        assertFalse(get(n, "kept", "&refresh_ttl=false").isNull(), "refreshed at 3 s, so alive until 9 s");
        assertEquals(List.of("forever", "kept"), searchKeys(Map.of("namespace_prefix", n, "refresh_ttl", false)));

        Api.awaitTrue(() -> get(n, "kept", "&refresh_ttl=false").isNull(), "the refreshed item expires", SOON);
        assertEquals(List.of("forever"), searchKeys(Map.of("namespace_prefix", n)));
        assertEquals(List.of(n), namespaces(Map.of("prefix", n)));
    }

    private static void sleepUntil(long start, Duration after) {
        long wait = start + after.toNanos() - System.nanoTime();
        if (wait <= 0) return;
        try {
            Thread.sleep(Duration.ofNanos(wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void aQueryRanksByMeaningAndResultsCarryScores() {
        List<String> docs = ns("docs");
        putOk(docs, "stocks", Map.of("text", "Quarterly earnings of technology shares beat the market forecast"));
        putOk(docs, "pasta", Map.of("text", "Boil the spaghetti al dente, toss with garlic, olive oil and parmesan"));
        putOk(docs, "car", Map.of("text", "Change the engine oil of your car every ten thousand kilometres"));
        Http.Response unindexed = put(docs, "plain", Map.of("text", "Risotto alla milanese with saffron"),
                Map.of("index", false));
        assertEquals(204, unindexed.status(), unindexed::toString);

        Http.Response r = http.postJson("/store/items/search", Map.of("namespace_prefix", docs,
                "query", "Italian cooking", "limit", 10));
        assertEquals(200, r.status(), r::toString);
        List<String> keys = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (JsonNode item : r.json().get("items")) {
            keys.add(Json.str(item, "key"));
            scores.add(item.get("score").isNull() ? null : item.get("score").asDouble());
        }
        assertEquals("pasta", keys.getFirst(), r::toString);
        assertEquals("plain", keys.getLast(), "an item put with index false is not ranked: " + r);
        assertTrue(scores.get(0) > scores.get(1) && scores.get(1) >= scores.get(2), r::toString);
        assertTrue(scores.get(0) <= 1.0 && scores.get(0) > 0.2, r::toString);
    }
}
