package io.spool.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON calls of the Agent Server API the benchmarks need, over one keep-alive HTTP/1.1 client. */
final class Api {

    /** A response: status, body text, and its Content-Location header (run ids of runs/wait). */
    record Reply(int status, String body, String contentLocation) {
        Map<String, Object> json() {
            return Json.object(body);
        }
    }

    final String base;
    private final HttpClient http;

    Api(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    Reply post(String path, Object body) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(15))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build();
        return send(req, "POST " + path);
    }

    Reply get(String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(15)).GET().build();
        return send(req, "GET " + path);
    }

    private Reply send(HttpRequest req, String what) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        Reply reply = new Reply(r.statusCode(), r.body(), r.headers().firstValue("content-location").orElse(null));
        if (r.statusCode() / 100 != 2) {
            throw new IOException(what + " -> " + r.statusCode() + " " + Json.abbreviate(r.body()));
        }
        return reply;
    }

    String createThread() throws IOException, InterruptedException {
        return (String) post("/threads", Map.of()).json().get("thread_id");
    }

    /** A {@code burst} run body: {@code count} custom events after {@code sleepMs}. */
    static Map<String, Object> burst(long count, long sleepMs, boolean resumable) {
        Map<String, Object> configurable = new LinkedHashMap<>();
        configurable.put("count", count);
        configurable.put("sleep_ms", sleepMs);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assistant_id", "burst");
        body.put("input", Map.of());
        body.put("stream_mode", List.of("custom"));
        if (resumable) body.put("stream_resumable", true);
        body.put("config", Map.of("configurable", configurable));
        return body;
    }

    /** Creates a background run; returns its run_id. */
    String createRun(String threadId, Map<String, Object> body) throws IOException, InterruptedException {
        return (String) post("/threads/" + threadId + "/runs", body).json().get("run_id");
    }

    void cancel(String threadId, String runId) throws IOException, InterruptedException {
        post("/threads/" + threadId + "/runs/" + runId + "/cancel", Map.of());
    }
}
