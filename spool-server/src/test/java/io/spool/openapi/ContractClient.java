package io.spool.openapi;

import io.spool.json.Json;
import io.spool.openapi.OpenApiDocument.Operation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * An HTTP client that checks every response against the OpenAPI document: the status must be documented for the
 * operation, the content type must be one it lists, the body must validate against its schema (each event, for a
 * stream), documented headers must be there and well formed. Mismatches are collected as {@link #violations()}
 * rather than thrown, so one run reports every drift at once.
 */
final class ContractClient {

    /** A finished response. {@code op} is null for a path the document does not have. */
    record Reply(int status, HttpHeaders headers, String text, Operation op) {
        JsonNode json() {
            return Json.tree(text.getBytes(StandardCharsets.UTF_8));
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String detail() {
            try {
                return json().path("detail").asString("");
            } catch (JacksonException e) {
                return "";
            }
        }
    }

    /** One server-sent event. */
    record SseEvent(String event, String data, String id) {
        JsonNode json() {
            return Json.tree(data.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What a stream delivered until it ended or the reader stopped. {@code error} holds a non-stream answer. */
    static final class Sse {
        final List<SseEvent> events = new ArrayList<>();
        final List<String> comments = new ArrayList<>();
        int status;
        HttpHeaders headers;
        boolean endedByServer;
        Reply error;

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        List<SseEvent> named(String name) {
            return events.stream().filter(e -> e.event().equals(name)).toList();
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final OpenApiDocument doc;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> covered = ConcurrentHashMap.newKeySet();

    ContractClient(URI base, OpenApiDocument doc) {
        this.base = base;
        this.doc = doc;
    }

    List<String> violations() {
        return violations;
    }

    /** {@code "METHOD template status"} of every checked response. */
    Set<String> covered() {
        return covered;
    }

    Reply get(String path) {
        return send("GET", path, null, Map.of());
    }

    Reply post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    Reply patch(String path, Object body) {
        return send("PATCH", path, body, Map.of());
    }

    Reply delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** Sends a request; {@code body} is raw text when a String, else serialised as JSON; null sends none. */
    Reply send(String method, String path, Object body, Map<String, String> headers) {
        String raw = raw(body);
        HttpResponse<String> response;
        try {
            response = http.send(request(method, path, raw, headers), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Reply reply = new Reply(response.statusCode(), response.headers(), response.body(),
                doc.match(method, pathOnly(path)).orElse(null));
        check(method, path, raw, reply);
        return reply;
    }

    /**
     * Opens a stream and reads it until the server ends it or {@code stop} is true (checked after every event and
     * comment); {@code joined} runs once the response headers have arrived.
     */
    Sse stream(String method, String path, Object body, Map<String, String> headers, Predicate<Sse> stop,
               Runnable joined) {
        String raw = raw(body);
        HttpResponse<InputStream> response;
        try {
            response = http.send(request(method, path, raw, headers), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Operation op = doc.match(method, pathOnly(path)).orElse(null);
        Sse sse = new Sse();
        sse.status = response.statusCode();
        sse.headers = response.headers();
        String type = mediaType(response.headers());
        if (sse.status != 200 || !type.equals("text/event-stream")) {
            String text;
            try (InputStream in = response.body()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sse.error = new Reply(sse.status, response.headers(), text, op);
            check(method, path, raw, sse.error);
            return sse;
        }
        if (joined != null) joined.run();
        InputStream in = response.body();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(TIMEOUT);
                in.close();
            } catch (InterruptedException | IOException ignored) {
                // stopped in time
            }
        });
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            read(reader, sse, stop);
        } catch (IOException e) {
            if (!watchdog.isAlive()) throw new AssertionError(method + " " + path + ": stream timed out", e);
            throw new UncheckedIOException(e);
        } finally {
            watchdog.interrupt();
        }
        checkStream(method, path, raw, op, sse);
        return sse;
    }

    private static void read(BufferedReader reader, Sse sse, Predicate<Sse> stop) throws IOException {
        String event = null;
        String data = null;
        String id = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (event != null || data != null) {
                    sse.events.add(new SseEvent(event == null ? "message" : event, data == null ? "" : data, id));
                    event = null;
                    data = null;
                    id = null;
                    if (stop.test(sse)) return;
                }
            } else if (line.startsWith(":")) {
                sse.comments.add(line);
                if (stop.test(sse)) return;
            } else if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = data == null ? line.substring(6) : data + "\n" + line.substring(6);
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else {
                throw new AssertionError("not an SSE line: " + line);
            }
        }
        sse.endedByServer = true;
    }

    private HttpRequest request(String method, String path, String raw, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .method(method, raw == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(raw));
        if (raw != null) b.header("Content-Type", "application/json");
        headers.forEach(b::header);
        return b.build();
    }

    private static String raw(Object body) {
        if (body == null) return null;
        return body instanceof String s ? s : Json.text(body);
    }

    // ------------------------------------------------------------------------------------------------ checks

    private void check(String method, String path, String rawBody, Reply reply) {
        String where = method + " " + path + " -> " + reply.status();
        Operation op = reply.op();
        if (op == null) {
            checkUnrouted(method, path, reply, where);
            return;
        }
        if (reply.status() == 404 && reply.detail().startsWith("Not Found: " + method + " ")) {
            violations.add(where + ": documented as " + op.id() + " but the server has no such route");
            return;
        }
        JsonNode response = doc.response(op, reply.status());
        if (response == null) {
            violations.add(where + ": status " + reply.status() + " is not documented for " + op.id()
                    + " (body: " + abbreviate(reply.text()) + ")");
            return;
        }
        covered.add(op.id() + " " + reply.status());
        checkHeaders(where, response, reply.headers());
        JsonNode content = response.get("content");
        if (content == null || content.isEmpty()) {
            if (!reply.text().isEmpty()) violations.add(where + ": documented without a body, got " + abbreviate(reply.text()));
            return;
        }
        String type = mediaType(reply.headers());
        JsonNode media = content.get(type);
        if (media == null) {
            violations.add(where + ": Content-Type " + type + " is not documented (" + content.propertyNames() + ")");
            return;
        }
        if (type.equals("application/json")) {
            validate(where + " body", media.get("schema"), parse(where, reply.text()));
        }
        if (reply.status() / 100 == 2) checkRequestBody(where, op, rawBody);
    }

    private void checkUnrouted(String method, String path, Reply reply, String where) {
        String name = reply.status() == 405 && doc.hasPath(pathOnly(path)) ? "MethodNotAllowed"
                : reply.status() == 404 && reply.detail().startsWith("Not Found: ") && !doc.hasPath(pathOnly(path))
                ? "RouteNotFound" : null;
        if (name == null) {
            violations.add(where + ": " + method + " " + pathOnly(path) + " is not in the document");
            return;
        }
        covered.add(name + " " + reply.status());
        JsonNode response = doc.pointer("#/components/responses/" + name);
        validate(where + " body", response.path("content").path("application/json").get("schema"),
                parse(where, reply.text()));
    }

    private void checkStream(String method, String path, String rawBody, Operation op, Sse sse) {
        String where = method + " " + path + " -> " + sse.status + " (stream)";
        if (op == null) {
            violations.add(where + ": not in the document");
            return;
        }
        JsonNode response = doc.response(op, sse.status);
        if (response == null) {
            violations.add(where + ": status " + sse.status + " is not documented for " + op.id());
            return;
        }
        covered.add(op.id() + " " + sse.status);
        checkHeaders(where, response, sse.headers);
        JsonNode media = response.path("content").get("text/event-stream");
        if (media == null) {
            violations.add(where + ": text/event-stream is not documented for " + op.id());
            return;
        }
        JsonNode itemSchema = media.get("x-itemSchema");
        long[] last = null;
        for (SseEvent e : sse.events) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("event", e.event());
            item.put("data", Json.plain(parse(where + " event " + e.event(), e.data())));
            if (e.id() != null) {
                item.put("id", e.id());
                long[] id = eventId(e.id());
                if (id != null && last != null && compare(id, last) <= 0) {
                    violations.add(where + ": event id " + e.id() + " does not increase");
                }
                if (id != null) last = id;
            }
            validate(where + " event " + e.event() + " " + abbreviate(e.data()), itemSchema,
                    Json.MAPPER.valueToTree(item));
        }
        for (String c : sse.comments) {
            if (!c.equals(": heartbeat")) violations.add(where + ": unexpected comment line '" + c + "'");
        }
        checkRequestBody(where, op, rawBody);
    }

    private void checkRequestBody(String where, Operation op, String rawBody) {
        JsonNode request = doc.deref(op.node().path("requestBody"));
        if (request == null || request.isMissingNode()) return;
        if (rawBody == null) {
            if (request.path("required").asBoolean(false)) violations.add(where + ": succeeded without a required body");
            return;
        }
        JsonNode schema = request.path("content").path("application/json").get("schema");
        if (schema != null) validate(where + " request body", schema, parse(where + " request", rawBody));
    }

    private void checkHeaders(String where, JsonNode response, HttpHeaders actual) {
        JsonNode headers = response.get("headers");
        if (headers == null) return;
        headers.properties().forEach(h -> {
            JsonNode header = doc.deref(h.getValue());
            String value = actual.firstValue(h.getKey()).orElse(null);
            if (value == null) {
                if (header.path("required").asBoolean(false)) violations.add(where + ": header " + h.getKey() + " missing");
                return;
            }
            validate(where + " header " + h.getKey(), header.get("schema"), StringNode.valueOf(value));
        });
    }

    private void validate(String where, JsonNode schema, JsonNode instance) {
        if (schema == null || instance == null) return;
        List<String> errors;
        try {
            errors = doc.validate(schema, instance);
        } catch (RuntimeException e) {
            violations.add(where + ": the schema does not compile: " + e);
            return;
        }
        if (!errors.isEmpty()) violations.add(where + ": " + errors + " in " + abbreviate(instance.toString()));
    }

    private JsonNode parse(String where, String text) {
        try {
            return Json.tree(text.getBytes(StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            violations.add(where + ": not JSON: " + abbreviate(text));
            return null;
        }
    }

    static String mediaType(HttpHeaders headers) {
        String type = headers.firstValue("Content-Type").orElse("");
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase();
    }

    static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static long[] eventId(String id) {
        int dash = id.indexOf('-');
        if (dash < 0) return null;
        try {
            return new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int compare(long[] a, long[] b) {
        int c = Long.compare(a[0], b[0]);
        return c != 0 ? c : Long.compare(a[1], b[1]);
    }

    static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
