package io.spool.it;

import static io.spool.it.StreamAssertions.assertJsonError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /metrics}: the Prometheus text counts what the tests just did (requests by route template and status,
 * runs by graph and status, queue waits, events appended), streams and readers are gauged while open, the queue and
 * worker gauges see a waiting run, and {@code ?format=json} gives the official queue/workers shape.
 */
abstract class MetricsContract extends ServerContract {

    private static final String WAIT_ROUTE = "lg_api_http_requests_total{method=\"POST\",route=\"/threads/{thread_id}/runs/wait\",status=\"200\"}";
    private static final String WAIT_LATENCY = "lg_api_http_requests_latency_count{method=\"POST\",route=\"/threads/{thread_id}/runs/wait\",status=\"200\"}";
    private static final String UNMATCHED = "lg_api_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}";
    private static final String AGENT_OK = "lg_api_runs_total{graph_id=\"agent\",status=\"success\"}";
    private static final String FIRST_WAIT = "lg_api_run_queue_wait_time_1st_attempt_count";
    private static final String APPENDED = "lg_api_stream_events_appended_total";
    private static final String THREAD_STREAMS = "lg_api_http_open_streams{route=\"/threads/{thread_id}/stream\"}";

    /** The connection pools the backend reports ({@code storage.pools} of the JSON). */
    abstract int expectedPools();

    @Test
    void prometheusCountsRequestsRunsAndEvents() {
        Map<String, Double> before = prometheus();
        String thread = api.createThread();
        for (int i = 0; i < 3; i++) api.waitRun(thread, Api.agent(List.of("m" + i), List.of("values"), 0));
        assertEquals(404, http.get("/no/such/path").status());

        // a request is counted as its handler ends, which may be just after its client has read the answer
        Api.awaitTrue(() -> delta(before, prometheus(), UNMATCHED) == 1 && delta(before, prometheus(), AGENT_OK) == 3,
                "the last requests and runs counted", SOON);
        Map<String, Double> after = prometheus();
        assertEquals(3, delta(before, after, WAIT_ROUTE), WAIT_ROUTE);
        assertEquals(3, delta(before, after, WAIT_LATENCY), WAIT_LATENCY);
        assertEquals(1, delta(before, after, UNMATCHED), UNMATCHED);
        assertEquals(3, delta(before, after, AGENT_OK), AGENT_OK);
        assertEquals(3, delta(before, after, FIRST_WAIT), FIRST_WAIT);
        // each run writes at least its metadata, a values event per step and its end marker
        assertTrue(delta(before, after, APPENDED) >= 3 * 4, () -> APPENDED + " grew by " + delta(before, after, APPENDED));
        assertTrue(after.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{")), "JVM memory gauges");
        assertTrue(after.keySet().stream().anyMatch(k -> k.startsWith("jvm_gc_")), "JVM GC meters");
    }

    @Test
    void openStreamsAndReadersAreGauged() {
        String thread = api.createThread();
        int streamsBefore = json().get("streams").get("open").asInt();
        int readersBefore = json().get("streams").get("readers").asInt();
        try (SseStream stream = http.stream("/threads/" + thread + "/stream")) {
            assertEquals(200, stream.status());
            Api.awaitTrue(() -> json().get("streams").get("readers").asInt() == readersBefore + 1, "a reader open",
                    SOON);
            assertEquals(streamsBefore + 1, json().get("streams").get("open").asInt());
            assertEquals(1.0, prometheus().get(THREAD_STREAMS), THREAD_STREAMS);
        }
        Api.awaitTrue(() -> json().get("streams").get("readers").asInt() == readersBefore, "the reader closed", SOON);
        Api.awaitTrue(() -> prometheus().get(THREAD_STREAMS) == 0.0, "the stream closed", SOON);
    }

    @Test
    void queueGaugesSeeARunWaitingBehindAnother() {
        String thread = api.createThread();
        String first = api.createRunId(thread, Api.agent(List.of("slow"), List.of("values"), 400));
        String second = api.createRunId(thread, Api.with(Api.agent(List.of("next"), List.of("values"), 0),
                "multitask_strategy", "enqueue"));
        Api.awaitTrue(() -> {
            JsonNode q = json().get("queue");
            return q.get("n_running").asInt() >= 1 && q.get("n_pending").asInt() >= 1
                    && q.get("pending_runs_wait_time_max_secs").asDouble() > 0;
        }, "one run running, one waiting behind it", SOON);
        JsonNode workers = json().get("workers");
        assertTrue(workers.get("active").asInt() >= 1, workers::toString);
        assertEquals(workers.get("max").asInt() - workers.get("active").asInt(), workers.get("available").asInt());
        Map<String, Double> p = prometheus();
        assertTrue(p.get("lg_api_num_pending_runs") >= 1, () -> "lg_api_num_pending_runs " + p.get("lg_api_num_pending_runs"));
        assertTrue(p.get("lg_api_workers_active") >= 1);
        api.awaitRunStatus(thread, first, Set.of("success"), SOON);
        api.awaitRunStatus(thread, second, Set.of("success"), SOON);
        Api.awaitTrue(() -> json().get("queue").get("n_pending").asInt() == 0, "nothing pending", SOON);
    }

    @Test
    void jsonHasTheOfficialShapeAndThePools() {
        JsonNode m = json();
        for (String key : List.of("n_pending", "n_running", "pending_runs_wait_time_max_secs",
                "pending_runs_wait_time_med_secs")) {
            assertTrue(m.get("queue").has(key), () -> "queue." + key + " in " + m);
        }
        for (String key : List.of("max", "active", "available")) assertTrue(m.get("workers").has(key), m::toString);
        assertEquals(expectedPools(), m.get("pools").size(), m::toString);
        for (JsonNode pool : m.get("pools")) {
            assertTrue(pool.get("max").asInt() > 0, pool::toString);
            String gauge = "lg_api_storage_pool_connections_max{pool=\"" + Json.str(pool, "name") + "\"}";
            assertEquals(pool.get("max").asDouble(), prometheus().get(gauge), gauge);
        }
    }

    @Test
    void anUnknownFormatIs422() {
        assertJsonError(http.get("/metrics?format=xml"), 422);
        Http.Response text = http.get("/metrics");
        assertEquals(200, text.status());
        assertTrue(text.header("content-type").startsWith("text/plain"), text::toString);
    }

    private JsonNode json() {
        Http.Response r = http.get("/metrics?format=json");
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    /** Every sample of the Prometheus text, by series (name and labels as written). */
    private Map<String, Double> prometheus() {
        Http.Response r = http.get("/metrics");
        assertEquals(200, r.status(), r::toString);
        Map<String, Double> out = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        return after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
    }
}
