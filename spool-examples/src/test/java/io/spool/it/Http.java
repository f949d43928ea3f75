package io.spool.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A plain HTTP/1.1 client for one server: JSON calls, and SSE streams through {@link SseStream}. */
final class Http implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    final URI base;
    final HttpClient client;

    Http(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** A response read completely. */
    record Response(String method, String path, int status, HttpHeaders headers, String body) {

        JsonNode json() {
            return Json.parse(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String contentType() {
            return header("content-type");
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + " " + contentType() + " " + Json.abbreviate(body);
        }
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** PATCHes a value written as JSON. */
    Response patchJson(String path, Object body) {
        return send("PATCH", path, Json.write(body));
    }

    /** POSTs a body that is already JSON text (or deliberately not JSON). */
    Response post(String path, String body) {
        return send("POST", path, body);
    }

    /** POSTs a value written as JSON. */
    Response postJson(String path, Object body) {
        return send("POST", path, Json.write(body));
    }

    Response send(String method, String path, String body) {
        return send(method, path, body, Map.of());
    }

    Response send(String method, String path, String body, Map<String, String> headers) {
        return send(method, path, body, headers, false);
    }

    /**
     * POSTs a body with {@code Expect: 100-continue}, as clients do with large uploads: a server that refuses it
     * answers before the body is sent, instead of closing while the client is still sending.
     */
    Response postExpectingContinue(String path, String body) {
        return send("POST", path, body, Map.of(), true);
    }

    private Response send(String method, String path, String body, Map<String, String> headers, boolean expectContinue) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(CALL_TIMEOUT)
                .expectContinue(expectContinue);
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(method, path, r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(method + " " + path + " interrupted", e);
        }
    }

    /** Opens {@code GET path} as an event stream and returns once the response headers arrived. */
    SseStream stream(String path, Map<String, String> headers) {
        return SseStream.open(client, "GET", base.resolve(path), headers, null);
    }

    SseStream stream(String path) {
        return stream(path, Map.of());
    }

    /** Opens a stream with {@code Last-Event-ID}. */
    SseStream stream(String path, String lastEventId) {
        return stream(path, Map.of("Last-Event-ID", lastEventId));
    }

    /** POSTs a JSON body whose response is an event stream ({@code /runs/stream}). */
    SseStream postStream(String path, Object body) {
        return SseStream.open(client, "POST", base.resolve(path), Map.of(), Json.write(body));
    }

    /** POSTs a JSON body with extra headers ({@code Last-Event-ID}) to an endpoint that streams. */
    SseStream postStream(String path, Object body, Map<String, String> headers) {
        return SseStream.open(client, "POST", base.resolve(path), headers, Json.write(body));
    }

    /** POSTs body text as is (possibly broken JSON) to an endpoint that streams when the request is good. */
    SseStream postStreamText(String path, String body) {
        return SseStream.open(client, "POST", base.resolve(path), Map.of(), body);
    }

    @Override
    public void close() {
        // shutdownNow: close() would wait for every still-open event stream to end
        client.shutdownNow();
    }
}
