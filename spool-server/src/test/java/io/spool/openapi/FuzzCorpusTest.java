package io.spool.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.config.ServerConfig;
import io.spool.json.Json;
import io.spool.openapi.OpenApiDocument.Operation;
import io.spool.server.SpoolServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * A fixed corpus of bad input against every operation of the OpenAPI document: malformed and hostile path ids,
 * bodies that are not JSON or not objects, every body field set to values of every wrong kind, query values and raw
 * query escapes, odd headers. Whatever the input, the answer is a 4xx (or a success), never a 5xx or a dropped
 * connection, an error is JSON with a {@code detail}, and no body names a class of ours or of a library.
 */
class FuzzCorpusTest {

    private static final Path GRAPHS = Path.of("src/test/resources/steps-graphs.json");
    private static final String STEPS = "steps";

    private static final List<String> BAD_IDS = List.of("not-a-uuid", "%zz", "%", "%00", "..%2F..%2Fetc",
            "%ED%A0%80", "%F0%9F%92%A9", "x".repeat(300), "-1", "00000000-0000-0000-0000-000000000000", "null",
            "%27%3B%20DROP%20TABLE%20threads%3B--");
    private static final List<String> BAD_BODIES = List.of("", "{", "}", "[]", "null", "\"text\"", "123", "{\"a\":}",
            "{\"a\":1,}", "{\"a\":1}{\"b\":2}", "{\"x\":\"\\ud800\"}", "{\"x\":1e999}", "\u0000", "\uFEFF{}",
            "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000),
            "{\"" + "k".repeat(100_000) + "\":1}");
    private static final List<String> BAD_VALUES = List.of("null", "\"x\"", "\"\"", "-1", "0", "1.5", "1e999",
            "123456789012345678901234567890", "true", "[]", "{}", "[1,\"a\",null]", "{\"a\":{\"b\":[{}]}}",
            "\"\\ud800\"", "\"%zz\"", "\"" + "y".repeat(20_000) + "\"", "\"00000000-0000-0000-0000-000000000000\"",
            "[\"\"]", "[\"a.b\"]");
    private static final List<String> BAD_QUERY_VALUES = List.of("%zz", "%", "-1", "1e99", "99999999999999999999",
            "", "%00", "%ED%A0%80", "true", "perhaps", "x".repeat(2000), "%5B%5D", "0");
    private static final List<String> RAW_QUERIES = List.of("?%zz", "?%", "?a=%E0%A4%A", "?&=&", "?=1", "?%00=%00");
    private static final List<Map<String, String>> BAD_HEADERS = List.of(Map.of("Last-Event-ID", "garbage"),
            Map.of("Last-Event-ID", "99999999999999999999-1"), Map.of("Last-Event-ID", "-5"),
            Map.of("Last-Event-ID", "%zz"), Map.of("Content-Type", "text/plain"),
            Map.of("Content-Type", "application/json; charset=latin1"), Map.of("Content-Type", "multipart/form-data"),
            Map.of("Accept", "text/event-stream"), Map.of("Accept", "application/xml"),
            Map.of("x-api-key", "whatever"), Map.of("Authorization", "Bearer \u00e9"));
    /** Values that make a body field valid, so that a body reaches the check of the field being mutated. */
    private static final Map<String, String> VALID = Map.of("assistant_id", "\"" + STEPS + "\"", "graph_id",
            "\"" + STEPS + "\"", "namespace", "[\"fuzz\"]", "key", "\"k\"", "value", "{\"a\":1}", "run_ids", "[]",
            "status", "\"pending\"", "values", "{\"items\":[\"v\"]}", "supersteps", "[]");
    /** A class name (ours or a library's), an exception name or a stack frame: never in an answer. */
    private static final Pattern LEAK = Pattern.compile(
            "\\b(?:java|javax|jdk|sun|tools\\.jackson|com\\.fasterxml|com\\.zaxxer|org\\.eclipse|org\\.sqlite"
                    + "|org\\.postgresql|io\\.spool|io\\.modelcontextprotocol)\\.[a-zA-Z_]+|Exception\\b"
                    + "|\\bat [a-z]+\\.[a-z]+\\.");

    @ParameterizedTest(name = "storage {0}")
    @ValueSource(strings = {"memory", "sqlite"})
    void noInputIsA5xxOrLeaksAClassName(String storage, @TempDir Path dataDir) throws Exception {
        OpenApiDocument doc;
        try (InputStream in = FuzzCorpusTest.class.getResourceAsStream("/spool/openapi.json")) {
            doc = new OpenApiDocument(in.readAllBytes());
        }
        try (SpoolServer server = SpoolServer.start(ServerConfig.defaults().withPort(0).withHost("127.0.0.1")
                .withStorage(storage).withDataDir(dataDir).withGraphsConfig(GRAPHS)
                .withHeartbeat(Duration.ofMillis(200)))) {
            RawHttp http = new RawHttp(server.port(), 3_000);
            List<String> problems = new ArrayList<>();
            int sent = 0;
            // deletes last, so they do not remove what the other operations probe
            List<Operation> ops = new ArrayList<>(doc.operations());
            ops.sort((a, b) -> Boolean.compare(a.method().equals("DELETE"), b.method().equals("DELETE")));
            for (Operation op : ops) {
                Map<String, String> ids = freshIds(http);
                for (Case c : cases(doc, op, ids)) {
                    long start = System.nanoTime();
                    RawHttp.Reply r = http.send(op.method(), c.target(), c.headers(), c.body());
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    if (ms > 1_000) System.out.println("slow fuzz case (" + ms + " ms): " + op.id() + " " + c.describe());
                    sent++;
                    String problem = problem(op, r);
                    if (problem != null && problems.size() < 40) {
                        problems.add(op.id() + " " + c.describe() + " -> " + r.status() + " " + problem + ": "
                                + abbreviate(r.body()));
                    }
                }
            }
            assertThat(sent).as("requests sent").isGreaterThan(2_000);
            assertThat(problems).as("answers to bad input (storage " + storage + ")").isEmpty();
        }
    }

    /** One request of the corpus: target (path and query, escapes verbatim), headers, body (null: none). */
    private record Case(String target, Map<String, String> headers, byte[] body, String what) {
        String describe() {
            return what;
        }
    }

    private static List<Case> cases(OpenApiDocument doc, Operation op, Map<String, String> ids) {
        List<Case> out = new ArrayList<>();
        String path = fill(op.template(), ids, null, null);
        boolean hasBody = op.node().has("requestBody");
        byte[] base = hasBody ? baseBody(doc, op).getBytes(StandardCharsets.UTF_8) : null;
        // what MCP asks of its clients, so that JSON-RPC bodies reach its parser; harmless to the other routes
        Map<String, String> json = Map.of("Content-Type", "application/json", "Accept",
                "application/json, text/event-stream");
        for (String param : params(op.template())) {
            for (String bad : BAD_IDS) {
                out.add(new Case(fill(op.template(), ids, param, bad), json, base, param + "=" + bad));
            }
        }
        if (hasBody) {
            for (String raw : BAD_BODIES) out.add(new Case(path, json, raw.getBytes(StandardCharsets.UTF_8),
                    "body " + abbreviate(raw)));
            for (String field : bodyFields(doc, op)) {
                for (String v : BAD_VALUES) {
                    out.add(new Case(path, json, withField(doc, op, field, v).getBytes(StandardCharsets.UTF_8),
                            "body." + field + "=" + abbreviate(v)));
                }
            }
        }
        for (String q : queryParams(op)) {
            for (String v : BAD_QUERY_VALUES) out.add(new Case(path + "?" + q + "=" + v, json, base, q + "=" + v));
        }
        for (String raw : RAW_QUERIES) out.add(new Case(path + raw, json, base, "query " + raw));
        for (Map<String, String> h : BAD_HEADERS) {
            Map<String, String> headers = new LinkedHashMap<>(json);
            headers.putAll(h);
            out.add(new Case(path, headers, base, "headers " + h));
        }
        return out;
    }

    private static String problem(Operation op, RawHttp.Reply r) {
        if (r.status() == 0) return "no answer";
        if (r.status() >= 500) return "server error";
        Matcher leak = LEAK.matcher(r.body());
        if (leak.find()) return "names '" + leak.group() + "'";
        String type = r.header("content-type");
        if (r.status() >= 400 && (type == null || !type.startsWith("application/json"))) return "not JSON";
        // JSON-RPC endpoints (MCP) answer errors as JSON-RPC error objects; every other route with a detail
        boolean jsonRpc = op.template().startsWith("/mcp") || op.template().startsWith("/a2a");
        if (r.status() >= 400 && !r.body().contains("\"detail\"") && !(jsonRpc && r.body().contains("\"error\""))) {
            return "no detail";
        }
        return null;
    }

    /** A thread with a finished run, a created assistant: the ids an operation's path needs, fresh for each. */
    private static Map<String, String> freshIds(RawHttp http) throws IOException {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        String thread = field(http.send("POST", "/threads", json, "{}".getBytes()), "thread_id");
        http.send("POST", "/threads/" + thread + "/runs/wait", json,
                ("{\"assistant_id\":\"" + STEPS + "\",\"input\":{\"items\":[\"x\"]}}").getBytes());
        RawHttp.Reply runs = http.send("GET", "/threads/" + thread + "/runs", Map.of(), null);
        String run = Json.tree(runs.body().getBytes(StandardCharsets.UTF_8)).get(0).path("run_id").asString();
        RawHttp.Reply state = http.send("GET", "/threads/" + thread + "/state", Map.of(), null);
        String checkpoint = Json.tree(state.body().getBytes(StandardCharsets.UTF_8)).path("checkpoint")
                .path("checkpoint_id").asString();
        String assistant = field(http.send("POST", "/assistants", json,
                ("{\"graph_id\":\"" + STEPS + "\"}").getBytes()), "assistant_id");
        return Map.of("thread_id", thread, "run_id", run, "checkpoint_id", checkpoint, "assistant_id", assistant,
                "namespace", "b");
    }

    private static String field(RawHttp.Reply r, String name) {
        assertThat(r.status()).as("set-up " + name + ": " + r.body()).isEqualTo(200);
        return Json.tree(r.body().getBytes(StandardCharsets.UTF_8)).path(name).asString();
    }

    private static String fill(String template, Map<String, String> ids, String param, String bad) {
        String out = template;
        for (String p : params(template)) {
            out = out.replace("{" + p + "}", p.equals(param) ? bad : ids.getOrDefault(p, "x"));
        }
        return out;
    }

    private static List<String> params(String template) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([a-z_]+)}").matcher(template);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static List<String> queryParams(Operation op) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : op.node().path("parameters")) {
            if (p.path("in").asString().equals("query")) out.add(p.path("name").asString());
        }
        return out;
    }

    /** The JSON body schema's top-level fields (through {@code $ref} and {@code allOf}). */
    private static Set<String> bodyFields(OpenApiDocument doc, Operation op) {
        Set<String> out = new LinkedHashSet<>();
        collect(doc, op.node().path("requestBody").path("content").path("application/json").path("schema"), out,
                new LinkedHashSet<>(), false);
        return out;
    }

    private static Set<String> requiredFields(OpenApiDocument doc, Operation op) {
        Set<String> out = new LinkedHashSet<>();
        collect(doc, op.node().path("requestBody").path("content").path("application/json").path("schema"),
                new LinkedHashSet<>(), out, true);
        return out;
    }

    private static void collect(OpenApiDocument doc, JsonNode schema, Set<String> fields, Set<String> required,
                                boolean wantRequired) {
        if (schema == null || schema.isMissingNode()) return;
        if (schema.has("$ref")) {
            String ref = schema.path("$ref").asString();
            collect(doc, doc.root.at(ref.substring(1)), fields, required, wantRequired);
            return;
        }
        schema.path("properties").propertyNames().forEach(fields::add);
        for (JsonNode r : schema.path("required")) required.add(r.asString());
        for (JsonNode part : schema.path("allOf")) collect(doc, part, fields, required, wantRequired);
        if (schema.path("type").asString().equals("array")) collect(doc, schema.path("items"), fields, required,
                wantRequired);
    }

    /** The required fields with valid values where the corpus knows one. */
    private static String baseBody(OpenApiDocument doc, Operation op) {
        return withField(doc, op, null, null);
    }

    private static String withField(OpenApiDocument doc, Operation op, String field, String raw) {
        StringBuilder b = new StringBuilder("{");
        for (String r : requiredFields(doc, op)) {
            if (r.equals(field) || !VALID.containsKey(r)) continue;
            if (b.length() > 1) b.append(',');
            b.append('"').append(r).append("\":").append(VALID.get(r));
        }
        if (field != null) {
            if (b.length() > 1) b.append(',');
            b.append('"').append(field).append("\":").append(raw);
        }
        String body = b.append('}').toString();
        boolean array = op.node().path("requestBody").path("content").path("application/json").path("schema")
                .path("type").asString().equals("array");
        return array ? "[" + body + "]" : body;
    }

    private static String abbreviate(String s) {
        String one = s.replace("\n", "\\n").replace("\r", "\\r");
        return one.length() <= 120 ? one : one.substring(0, 120) + "...(" + one.length() + " chars)";
    }
}
