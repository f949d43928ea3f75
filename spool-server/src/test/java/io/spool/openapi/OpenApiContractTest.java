package io.spool.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.assistants.Assistants;
import io.spool.config.ServerConfig;
import io.spool.json.Json;
import io.spool.openapi.ContractClient.Reply;
import io.spool.openapi.ContractClient.Sse;
import io.spool.openapi.OpenApiDocument.Operation;
import io.spool.server.SpoolServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document ({@code /openapi.json}) against the server: the routes it lists are exactly the routes the
 * server registers, and every response of a run through the whole API (every operation, success and error statuses,
 * streams event by event) validates against the document's schemas. The resource schemas are closed, so a field
 * added to a view without documenting it fails here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractTest {

    private static final Path GRAPHS = Path.of("src/test/resources/steps-graphs.json");
    private static final Path HTTP_SOURCES = Path.of("src/main/java/io/spool/http");
    /** Packages of routes of their own: other protocols (wired by server), the WebSocket (wired by Api). */
    private static final List<Path> PROTOCOL_SOURCES = List.of(Path.of("src/main/java/io/spool/mcp"),
            Path.of("src/main/java/io/spool/a2a"), Path.of("src/main/java/io/spool/http/ws"));
    private static final String STEPS = "steps";
    private static final String STEPS_ID = Assistants.systemId(STEPS);

    private byte[] resource;
    private OpenApiDocument doc;

    @BeforeAll
    void load() throws IOException {
        try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/spool/openapi.json")) {
            assertThat(in).as("resource spool/openapi.json").isNotNull();
            resource = in.readAllBytes();
        }
        doc = new OpenApiDocument(resource);
    }

    // ------------------------------------------------------------------------------------------------ the document

    @Test
    void documentIsWellFormed() {
        List<String> problems = new ArrayList<>();
        JsonNode root = doc.root;
        if (!root.path("openapi").asString("").equals("3.1.0")) problems.add("openapi must be 3.1.0");
        if (!root.path("jsonSchemaDialect").asString("").equals(OpenApiDocument.DIALECT)) problems.add("jsonSchemaDialect");
        if (root.path("info").path("title").asString("").isEmpty()) problems.add("info.title");
        if (root.path("info").path("version").asString("").isEmpty()) problems.add("info.version");

        checkRefs(root, "#", problems);
        root.path("components").path("schemas").properties().forEach(s -> {
            List<String> errors = doc.metaValidate(s.getValue());
            if (!errors.isEmpty()) problems.add("schema " + s.getKey() + " is not valid JSON Schema 2020-12: " + errors);
        });

        Set<String> operationIds = new TreeSet<>();
        for (Operation op : doc.operations()) {
            String id = op.node().path("operationId").asString("");
            if (id.isEmpty() || !operationIds.add(id)) problems.add(op.id() + ": missing or duplicate operationId " + id);
            if (op.node().path("summary").asString("").isEmpty()) problems.add(op.id() + ": no summary");
            Set<String> declared = new TreeSet<>();
            for (JsonNode params : List.of(op.pathItem().path("parameters"), op.node().path("parameters"))) {
                for (JsonNode p : params) {
                    JsonNode param = doc.deref(p);
                    if (param.path("in").asString("").equals("path")) {
                        declared.add(param.path("name").asString());
                        if (!param.path("required").asBoolean(false)) problems.add(op.id() + ": path parameter not required");
                    }
                }
            }
            Set<String> inTemplate = new TreeSet<>();
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(op.template());
            while (m.find()) inTemplate.add(m.group(1));
            if (!declared.equals(inTemplate)) problems.add(op.id() + ": path parameters " + declared + " != " + inTemplate);
            JsonNode responses = op.node().path("responses");
            if (responses.isEmpty()) problems.add(op.id() + ": no responses");
            responses.properties().forEach(r -> {
                JsonNode response = doc.deref(r.getValue());
                if (response.path("description").asString("").isEmpty()) problems.add(op.id() + " " + r.getKey() + ": no description");
                JsonNode sse = response.path("content").get("text/event-stream");
                if (sse != null && sse.get("x-itemSchema") == null) problems.add(op.id() + ": stream without x-itemSchema");
            });
        }
        String description = root.path("info").path("description").asString("");
        for (String name : List.of("`metadata`", "`values`", "`updates`", "`messages`", "`messages/partial`",
                "`messages/metadata`", "`messages/complete`", "`custom`", "`events`", "`debug`", "`tasks`",
                "`checkpoints`", "`error`", "`state_update`", "`<epoch-ms>-<seq>`", "`Last-Event-ID`", "`: heartbeat`")) {
            if (!description.contains(name)) problems.add("info.description does not mention " + name);
        }
        assertThat(problems).isEmpty();
    }

    /** The routes the server registers ({@code r.add("METHOD", "/path", ...)} in the http package) and no others. */
    @Test
    void documentListsExactlyTheRoutesTheServerRegisters() throws IOException {
        Pattern add = Pattern.compile("\\br\\.add\\(\\s*\"([A-Z]+)\"\\s*,\\s*\"([^\"]+)\"");
        Pattern anyAdd = Pattern.compile("\\br\\.add\\(");
        Set<String> registered = new TreeSet<>();
        List<String> routeClasses = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        for (Path dir : Stream.concat(Stream.of(HTTP_SOURCES), PROTOCOL_SOURCES.stream()).toList()) {
            try (Stream<Path> files = Files.list(dir)) {
                sources.addAll(files.filter(p -> p.toString().endsWith(".java")).sorted().toList());
            }
        }
        for (Path f : sources) {
            String src = Files.readString(f);
            int literal = 0;
            Matcher m = add.matcher(src);
            while (m.find()) {
                registered.add(m.group(1) + " " + m.group(2));
                literal++;
            }
            long all = anyAdd.matcher(src).results().count();
            assertThat(literal).as(f + ": every r.add(...) must name its method and path as literals").isEqualTo(all);
            if (f.startsWith(HTTP_SOURCES) && src.contains("void register(Router r)")) routeClasses.add(f.getFileName().toString().replace(".java", ""));
        }
        String api = Files.readString(HTTP_SOURCES.resolve("Api.java"));
        for (String c : routeClasses) assertThat(api).as("Api registers " + c).contains("new " + c + "(");

        Set<String> documented = new TreeSet<>();
        for (Operation op : doc.operations()) documented.add(op.id());
        assertThat(registered).as("registered routes").isNotEmpty();
        Set<String> missing = new TreeSet<>(registered);
        missing.removeAll(documented);
        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(registered);
        assertThat(missing).as("routes the server registers but the document lacks").isEmpty();
        assertThat(extra).as("operations the document lists but the server does not register").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ real responses

    @ParameterizedTest(name = "storage {0}")
    @ValueSource(strings = {"memory", "sqlite"})
    void realResponsesMatchTheDocument(String storage, @TempDir Path dataDir) throws Exception {
        try (SpoolServer server = SpoolServer.start(ServerConfig.defaults().withPort(0).withHost("127.0.0.1")
                .withStorage(storage).withDataDir(dataDir).withGraphsConfig(GRAPHS)
                .withHeartbeat(Duration.ofMillis(200)))) {
            ContractClient c = new ContractClient(URI.create("http://127.0.0.1:" + server.port()), doc);
            List<String> extra = new ArrayList<>();

            probeEveryOperation(c);
            system(c);
            assistants(c, extra);
            threads(c, extra);
            store(c, extra);
            crons(c, extra);
            runs(c, extra);
            streams(c);
            protocol(c);
            stateless(c);
            mcp(c);
            a2a(c);
            errors(c);

            List<String> problems = new ArrayList<>(c.violations());
            problems.addAll(extra);
            problems.addAll(uncovered(c));
            assertThat(problems).as("responses that do not match the document (storage " + storage + ")").isEmpty();
        }
    }

    /** Every documented operation is served: none answers with a route miss or a 405. */
    private void probeEveryOperation(ContractClient c) {
        for (Operation op : doc.operations()) {
            String path = op.template().replace("{thread_id}", UUID.randomUUID().toString())
                    .replace("{run_id}", UUID.randomUUID().toString()).replace("{assistant_id}", "no-such-assistant")
                    .replace("{checkpoint_id}", "no-such-checkpoint").replace("{namespace}", "ns")
                    .replace("{cron_id}", UUID.randomUUID().toString()).replace("{file}", "app.js");
            Reply r = c.send(op.method(), path, null, Map.of());
            assertThat(r.status()).as(op.id() + " is served").isNotEqualTo(405);
            assertThat(r.detail()).as(op.id() + " is served").doesNotStartWith("Not Found: ");
        }
    }

    private void system(ContractClient c) {
        expect(c.get("/ok"), 200);
        expect(c.get("/ok?check_db=true"), 200);
        expect(c.get("/ok?check_db=maybe"), 422);
        Reply info = expect(c.get("/info"), 200);
        assertThat(info.json().path("version").asString()).as("info.version of the document")
                .isEqualTo(doc.root.path("info").path("version").asString());
        Reply openapi = expect(c.get("/openapi.json"), 200);
        assertThat(openapi.text()).isEqualTo(new String(resource, java.nio.charset.StandardCharsets.UTF_8));
        Reply metrics = expect(c.get("/metrics"), 200);
        assertThat(metrics.text()).contains("lg_api_http_requests_total{");
        expect(c.get("/metrics?format=json"), 200);
        expect(c.get("/metrics?format=xml"), 422);
        Reply docs = expect(c.get("/docs"), 200);
        assertThat(docs.header("Content-Type")).startsWith("text/html");
        assertThat(docs.text()).contains("/openapi.json").doesNotContain("https://", "http://");
        console(c);
    }

    /** The console's files: the page and its modules, revalidated by ETag; other names are 404, never a file outside. */
    private void console(ContractClient c) {
        Reply page = expect(c.get("/ui"), 200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(page.text()).contains("/ui/app.js").doesNotContain("https://", "http://");
        Reply app = expect(c.get("/ui/app.js"), 200);
        assertThat(app.header("Content-Type")).startsWith("text/javascript");
        assertThat(app.header("Cache-Control")).isEqualTo("no-cache");
        expect(c.send("GET", "/ui/app.js", null, Map.of("If-None-Match", app.header("ETag"))), 304);
        assertThat(expect(c.get("/ui/console.css"), 200).header("Content-Type")).startsWith("text/css");
        expect(c.get("/ui/index.html"), 200);
        for (String bad : List.of("/ui/nope.js", "/ui/openapi.json", "/ui/..%2Fopenapi.json", "/ui/%2E%2E", "/ui/App.JS")) {
            Reply r = c.get(bad);
            assertThat(r.status()).as(bad).isIn(400, 404);
            assertThat(r.header("Content-Type")).as(bad).startsWith("application/json");
        }
    }

    private void assistants(ContractClient c, List<String> extra) {
        Reply all = expect(c.post("/assistants/search", Map.of()), 200);
        assertThat(all.json().size()).isGreaterThanOrEqualTo(1);
        for (JsonNode a : all.json()) strict("Assistant", a, "search item without select", extra);
        Reply page = expect(c.post("/assistants/search", Map.of("select", List.of("assistant_id", "name"), "limit", 1,
                "sort_by", "name", "sort_order", "asc")), 200);
        assertThat(page.header("X-Pagination-Total")).isNotNull();
        expect(c.post("/assistants/count", Map.of("graph_id", STEPS)), 200);
        expect(c.post("/assistants/count", null), 200);

        Reply system = expect(c.get("/assistants/" + STEPS), 200);
        strict("Assistant", system.json(), "system assistant", extra);
        assertThat(system.json().get("description").isNull()).as("a system assistant has no description").isTrue();
        expect(c.get("/assistants/" + STEPS_ID), 200);

        String id = UUID.randomUUID().toString();
        Map<String, Object> create = Map.of("assistant_id", id, "graph_id", STEPS, "name", "mine",
                "metadata", Map.of("team", "a"), "config", Map.of("configurable", Map.of("delay_ms", 0)),
                "context", Map.of("k", "v"));
        expect(c.post("/assistants", create), 200);
        expect(c.post("/assistants", create), 409);
        expect(c.post("/assistants", Map.of("assistant_id", id, "graph_id", STEPS, "if_exists", "do_nothing")), 200);
        expect(c.post("/assistants", Map.of("graph_id", "no-such-graph")), 404);
        expect(c.post("/assistants", Map.of()), 422);
        expect(c.post("/assistants", Map.of("graph_id", 5)), 422);

        Reply patched = expect(c.patch("/assistants/" + id, Map.of("description", "described", "metadata", Map.of("x", 1))), 200);
        assertThat(patched.json().path("version").asInt()).isEqualTo(2);
        expect(c.patch("/assistants/" + UUID.randomUUID(), Map.of("name", "n")), 404);
        expect(c.patch("/assistants/" + id, Map.of("graph_id", "no-such-graph")), 404);
        expect(c.patch("/assistants/" + id, Map.of("config", "not an object")), 422);
        expect(c.post("/assistants/" + id + "/versions", Map.of("limit", 5)), 200);
        expect(c.post("/assistants/" + id + "/versions", null), 200);
        expect(c.post("/assistants/" + id + "/versions", Map.of("limit", 0)), 422);
        expect(c.post("/assistants/" + UUID.randomUUID() + "/versions", null), 404);
        expect(c.post("/assistants/" + id + "/latest", Map.of("version", 1)), 200);
        expect(c.send("POST", "/assistants/" + id + "/latest?version=2", null, Map.of()), 200);
        expect(c.post("/assistants/" + id + "/latest", Map.of("version", 99)), 404);
        expect(c.post("/assistants/" + id + "/latest", Map.of()), 422);

        expect(c.get("/assistants/" + id + "/graph"), 200);
        expect(c.get("/assistants/" + STEPS + "/schemas"), 200);
        expect(c.get("/assistants/" + id + "/subgraphs"), 200);
        Reply subgraphs = expect(c.get("/assistants/" + id + "/subgraphs?recurse=true"), 200);
        assertThat(subgraphs.json().propertyNames()).containsExactly("b");
        expect(c.get("/assistants/" + id + "/subgraphs/b"), 200);
        expect(c.get("/assistants/" + id + "/subgraphs/child"), 200);
        expect(c.get("/assistants/no-such-assistant/graph"), 404);
        expect(c.get("/assistants/no-such-assistant/schemas"), 404);
        expect(c.get("/assistants/no-such-assistant/subgraphs"), 404);

        // Runs on a thread tag it with the assistant, so delete_threads has something to delete.
        String thread = UUID.randomUUID().toString();
        expect(c.post("/threads/" + thread + "/runs/wait", Map.of("assistant_id", id, "if_not_exists", "create")), 200);
        expect(c.delete("/assistants/" + id + "?delete_threads=true"), 204);
        expect(c.get("/threads/" + thread), 404);
        expect(c.delete("/assistants/" + id), 404);
        expect(c.get("/assistants/" + id), 404);
        String other = expect(c.post("/assistants", Map.of("graph_id", STEPS)), 200).json().path("assistant_id").asString();
        expect(c.delete("/assistants/" + other + "?delete_threads=maybe"), 422);
    }

    private void threads(ContractClient c, List<String> extra) {
        Reply fresh = expect(c.post("/threads", null), 200);
        strict("Thread", fresh.json(), "new thread", extra);
        assertThat(fresh.json().get("values").isNull()).as("a new thread has null values").isTrue();
        closedSchemaRejects("Thread", fresh.json(), extra);

        String t = UUID.randomUUID().toString();
        Map<String, Object> create = Map.of("thread_id", t, "metadata", Map.of("owner", "contract"));
        expect(c.post("/threads", create), 200);
        expect(c.post("/threads", create), 409);
        expect(c.post("/threads", Map.of("thread_id", t, "if_exists", "do_nothing")), 200);
        expect(c.post("/threads", Map.of("thread_id", "not-a-uuid")), 422);
        expect(c.post("/threads", Map.of("if_exists", "sometimes")), 422);
        Reply seeded = expect(c.post("/threads", Map.of("metadata", Map.of("graph_id", STEPS), "supersteps", List.of(
                Map.of("updates", List.of(Map.of("values", Map.of("items", List.of("seed")), "as_node", "a"))),
                Map.of("updates", List.of(Map.of("values", Map.of("items", List.of("more")))))))), 200);
        assertThat(seeded.json().path("values").path("items").size()).isEqualTo(2);
        expect(c.post("/threads", Map.of("supersteps", List.of(Map.of("values", Map.of())))), 422);
        expect(c.post("/threads", Map.of("metadata", Map.of("graph_id", STEPS), "supersteps", List.of(
                Map.of("updates", List.of(Map.of("as_node", "no-such-node")))))), 422);

        Reply empty = expect(c.get("/threads/" + t + "/state"), 200);
        assertThat(empty.json().path("checkpoint").get("checkpoint_id").isNull()).isTrue();
        closedSchemaRejects("ThreadState", empty.json(), extra);
        expect(c.patch("/threads/" + t, Map.of("metadata", Map.of("tag", 1))), 200);
        expect(c.patch("/threads/" + t, Map.of("metadata", "not an object")), 422);
        expect(c.patch("/threads/" + UUID.randomUUID(), Map.of("metadata", Map.of())), 404);
        String expiring = expect(c.post("/threads", Map.of("ttl", Map.of("ttl", 600, "strategy", "keep_latest"))), 200)
                .json().path("thread_id").asString();
        strict("Thread", expect(c.get("/threads/" + expiring + "?include=ttl"), 200).json(), "with its ttl", extra);
        strict("Thread", expect(c.get("/threads/" + t + "?include=ttl"), 200).json(), "without a ttl", extra);
        expect(c.get("/threads/" + t + "?include=everything"), 422);
        expect(c.patch("/threads/" + expiring, Map.of("ttl", 5)), 200);
        expect(c.send("PATCH", "/threads/" + expiring, Map.of("ttl", Map.of("ttl", 0.5)), Map.of("Prefer",
                "return=minimal")), 204);
        expect(c.post("/threads", Map.of("ttl", -1)), 422);
        expect(c.patch("/threads/" + expiring, Map.of("ttl", Map.of("ttl", 1, "strategy", "archive"))), 422);

        Reply result = expect(c.post("/threads/" + t + "/runs/wait",
                Map.of("assistant_id", STEPS, "input", Map.of("items", List.of("x")))), 200);
        assertThat(result.json().path("items").size()).isEqualTo(4);
        Reply thread = expect(c.get("/threads/" + t), 200);
        strict("Thread", thread.json(), "thread after a run", extra);
        expect(c.get("/threads/not-a-uuid"), 422);
        expect(c.get("/threads/" + UUID.randomUUID()), 404);

        Reply all = expect(c.post("/threads/search", Map.of("metadata", Map.of("owner", "contract"), "status", "idle")), 200);
        for (JsonNode item : all.json()) strict("Thread", item, "search item without select", extra);
        expect(c.post("/threads/search", Map.of("ids", List.of(t), "select", List.of("thread_id", "status", "values"),
                "limit", 1, "sort_by", "updated_at", "sort_order", "asc")), 200);
        expect(c.post("/threads/search", Map.of("values", Map.of("nope", 1))), 200);
        expect(c.post("/threads/search", Map.of("status", "sleepy")), 422);
        expect(c.post("/threads/search", Map.of("limit", 0)), 422);
        expect(c.post("/threads/count", Map.of("status", "idle")), 200);
        expect(c.post("/threads/count", null), 200);

        Reply state = expect(c.get("/threads/" + t + "/state"), 200);
        strict("ThreadState", state.json(), "state", extra);
        closedSchemaRejects("ThreadState", state.json(), extra);
        String checkpoint = state.json().path("checkpoint").path("checkpoint_id").asString();
        String parent = state.json().path("parent_checkpoint").path("checkpoint_id").asString();
        Reply history = expect(c.get("/threads/" + t + "/history"), 200);
        assertThat(history.json().size()).isEqualTo(4);
        expect(c.get("/threads/" + t + "/history?limit=2&before=" + checkpoint), 200);
        expect(c.get("/threads/" + t + "/history?limit=0"), 422);
        expect(c.get("/threads/" + t + "/history?before=no-such-checkpoint"), 404);
        expect(c.get("/threads/" + UUID.randomUUID() + "/history"), 404);
        expect(c.post("/threads/" + t + "/history", Map.of("limit", 2, "before", Map.of("checkpoint_id", checkpoint),
                "metadata", Map.of("source", "loop"))), 200);
        expect(c.post("/threads/" + t + "/history", Map.of("before", checkpoint)), 200);
        expect(c.post("/threads/" + t + "/history", null), 200);
        expect(c.post("/threads/" + t + "/history", Map.of("limit", "ten")), 422);
        expect(c.post("/threads/" + UUID.randomUUID() + "/history", null), 404);
        expect(c.get("/threads/" + t + "/state/" + parent), 200);
        // the checkpoint before b, whose task runs a subgraph: where its state is, or that (empty) state
        String beforeB = history.json().get(2).path("checkpoint").path("checkpoint_id").asString();
        Reply located = expect(c.get("/threads/" + t + "/state/" + beforeB), 200);
        assertThat(located.json().path("tasks").get(0).path("state").path("configurable").has("checkpoint_ns")).isTrue();
        Reply inside = expect(c.get("/threads/" + t + "/state/" + beforeB + "?subgraphs=true"), 200);
        assertThat(inside.json().path("tasks").get(0).path("state").has("values")).isTrue();
        expect(c.post("/threads/" + t + "/state/checkpoint", Map.of("checkpoint", Map.of("checkpoint_id", beforeB),
                "subgraphs", true)), 200);
        expect(c.get("/threads/" + t + "/state?subgraphs=maybe"), 422);
        expect(c.get("/threads/" + t + "/state/no-such-checkpoint"), 404);
        expect(c.post("/threads/" + t + "/state/checkpoint", Map.of("checkpoint", Map.of("checkpoint_id", parent))), 200);
        expect(c.post("/threads/" + t + "/state/checkpoint", Map.of("checkpoint_id", parent)), 200);
        expect(c.post("/threads/" + t + "/state/checkpoint", Map.of()), 422);
        expect(c.post("/threads/" + t + "/state/checkpoint", Map.of("checkpoint", Map.of("checkpoint_id", "nope"))), 404);

        expect(c.post("/threads/" + t + "/state", Map.of("values", Map.of("items", List.of("y")), "as_node", "a")), 200);
        expect(c.post("/threads/" + t + "/state", Map.of("values", Map.of("note", "n"),
                "checkpoint", Map.of("checkpoint_id", parent))), 200);
        expect(c.post("/threads/" + t + "/state", Map.of("values", Map.of("x", 1), "checkpoint_id", checkpoint)), 200);
        expect(c.post("/threads/" + t + "/state", Map.of("as_node", "no-such-node")), 422);
        expect(c.post("/threads/" + t + "/state", Map.of("values", List.of(1))), 422);
        expect(c.post("/threads/" + t + "/state", Map.of("checkpoint", Map.of("checkpoint_id", "nope"))), 404);
        expect(c.post("/threads/" + UUID.randomUUID() + "/state", Map.of("values", Map.of())), 404);
        Reply interrupted = expect(c.get("/threads/" + t), 200);
        assertThat(interrupted.json().path("status").asString()).isIn("idle", "interrupted");

        Reply copy = expect(c.post("/threads/" + t + "/copy", null), 200);
        strict("Thread", copy.json(), "copy", extra);
        String copyId = copy.json().path("thread_id").asString();
        expect(c.post("/threads/" + UUID.randomUUID() + "/copy", null), 404);
        expect(c.post("/threads/not-a-uuid/copy", null), 422);
        Reply pruned = expect(c.post("/threads/prune", Map.of("thread_ids", List.of(copyId, UUID.randomUUID().toString()),
                "strategy", "keep_latest")), 200);
        assertThat(pruned.json().path("pruned_count").asInt()).isEqualTo(1);
        expect(c.post("/threads/prune", Map.of("thread_ids", List.of(copyId))), 200);
        expect(c.post("/threads/prune", Map.of()), 422);
        expect(c.post("/threads/prune", Map.of("thread_ids", List.of(copyId), "strategy", "shred")), 422);

        expect(c.delete("/threads/" + t), 204);
        expect(c.delete("/threads/" + t), 404);
        expect(c.delete("/threads/not-a-uuid"), 422);
    }

    private void store(ContractClient c, List<String> extra) {
        List<String> ns = List.of("contract", "u1");
        expect(c.send("PUT", "/store/items", Map.of("namespace", ns, "key", "k", "value", Map.of("a", 1), "ttl", 60),
                Map.of()), 204);
        expect(c.send("PUT", "/store/items", Map.of("namespace", ns, "key", "plain", "value", Map.of("a", 2),
                "index", false), Map.of()), 204);
        expect(c.send("PUT", "/store/items", Map.of("namespace", List.of("contract", "a.b"), "key", "k", "value",
                Map.of()), Map.of()), 422);
        expect(c.send("PUT", "/store/items", Map.of("namespace", List.of(), "key", "k", "value", Map.of()), Map.of()),
                422);
        expect(c.send("PUT", "/store/items", Map.of("namespace", ns, "key", "k", "value", List.of(1)), Map.of()), 422);
        strict("StoreItem", expect(c.get("/store/items?namespace=contract.u1&key=k"), 200).json(), "store item",
                extra);
        closedSchemaRejects("StoreItem", expect(c.get("/store/items?namespace=contract.u1&key=k&refresh_ttl=false"),
                200).json(), extra);
        assertThat(expect(c.get("/store/items?namespace=contract.u1&key=none"), 200).json().isNull()).isTrue();
        expect(c.get("/store/items?namespace=contract.u1"), 400);
        expect(c.get("/store/items?key=k"), 422);
        Reply found = expect(c.post("/store/items/search", Map.of("namespace_prefix", List.of("contract"),
                "filter", Map.of("a", Map.of("$gte", 1)), "limit", 5)), 200);
        assertThat(found.json().path("items").size()).isEqualTo(2);
        expect(c.post("/store/items/search", Map.of("query", "something like a")), 200);
        expect(c.post("/store/items/search", null), 200);
        expect(c.post("/store/items/search", Map.of("filter", Map.of("a", Map.of("$near", 1)))), 422);
        Reply spaces = expect(c.post("/store/namespaces", Map.of("prefix", List.of("contract"), "max_depth", 2)), 200);
        assertThat(spaces.json().path("namespaces").size()).isEqualTo(1);
        expect(c.post("/store/namespaces", null), 200);
        expect(c.post("/store/namespaces", Map.of("max_depth", 0)), 422);
        expect(c.send("DELETE", "/store/items", Map.of("namespace", ns, "key", "k"), Map.of()), 204);
        expect(c.send("DELETE", "/store/items", Map.of("key", "k"), Map.of()), 422);
    }

    private void crons(ContractClient c, List<String> extra) {
        Reply created = expect(c.post("/runs/crons", Map.of("assistant_id", STEPS, "schedule", "0 9 * * *",
                "timezone", "Europe/Paris", "input", Map.of("items", List.of("c")), "end_time", "2099-01-01T00:00:00Z",
                "metadata", Map.of("m", 1))), 200);
        strict("Cron", created.json(), "new cron", extra);
        closedSchemaRejects("Cron", created.json(), extra);
        String id = created.json().path("cron_id").asString();
        expect(c.post("/runs/crons", Map.of("assistant_id", STEPS, "schedule", "every day")), 422);
        expect(c.post("/runs/crons", Map.of("assistant_id", "no-such-graph", "schedule", "0 9 * * *")), 404);
        String t = expect(c.post("/threads", null), 200).json().path("thread_id").asString();
        Reply onThread = expect(c.post("/threads/" + t + "/runs/crons", Map.of("assistant_id", STEPS, "schedule",
                "*/10 * * * *", "multitask_strategy", "enqueue", "enabled", false)), 200);
        strict("Cron", onThread.json(), "thread cron", extra);
        expect(c.post("/threads/" + UUID.randomUUID() + "/runs/crons", Map.of("assistant_id", STEPS, "schedule",
                "0 9 * * *")), 404);
        expect(c.post("/threads/" + t + "/runs/crons", Map.of("assistant_id", STEPS, "schedule", "0 9 * * *",
                "timezone", "Nowhere")), 422);
        expect(c.get("/runs/crons/" + id), 200);
        expect(c.get("/runs/crons/" + UUID.randomUUID()), 404);
        expect(c.get("/runs/crons/not-a-uuid"), 422);
        expect(c.post("/runs/crons/search", Map.of("assistant_id", STEPS, "limit", 1, "select", List.of("cron_id",
                "next_run_date"))), 200);
        expect(c.post("/runs/crons/search", null), 200);
        expect(c.post("/runs/crons/search", Map.of("limit", 0)), 422);
        assertThat(expect(c.post("/runs/crons/count", Map.of("thread_id", t)), 200).json().asInt()).isEqualTo(1);
        expect(c.post("/runs/crons/count", Map.of("enabled", "yes")), 422);
        Map<String, Object> clear = new java.util.HashMap<>();
        clear.put("end_time", null);
        clear.put("schedule", "30 8 * * 1-5");
        strict("Cron", expect(c.send("PATCH", "/runs/crons/" + id, clear, Map.of()), 200).json(), "patched cron",
                extra);
        expect(c.send("PATCH", "/runs/crons/" + id, Map.of(), Map.of()), 400);
        expect(c.send("PATCH", "/runs/crons/" + id, Map.of("schedule", "nope"), Map.of()), 422);
        expect(c.send("PATCH", "/runs/crons/" + UUID.randomUUID(), Map.of("enabled", true), Map.of()), 404);
        expect(c.delete("/runs/crons/" + id), 204);
        expect(c.delete("/runs/crons/" + id), 404);
        expect(c.delete("/threads/" + t), 204); // with its cron
    }

    private void runs(ContractClient c, List<String> extra) {
        String t = expect(c.post("/threads", null), 200).json().path("thread_id").asString();
        Map<String, Object> slow = Map.of("assistant_id", STEPS, "input", Map.of("items", List.of("s")),
                "config", Map.of("configurable", Map.of("delay_ms", 150)), "metadata", Map.of("m", 1),
                "stream_mode", List.of("values", "updates"), "interrupt_before", "*");
        Reply created = expect(c.post("/threads/" + t + "/runs", slow), 200);
        strict("Run", created.json(), "new run", extra);
        closedSchemaRejects("Run", created.json(), extra);
        String r = created.json().path("run_id").asString();
        expect(c.post("/threads/" + t + "/runs", Map.of("assistant_id", STEPS, "multitask_strategy", "reject")), 409);
        expect(c.delete("/threads/" + t + "/runs/" + r), 409);
        expect(c.get("/threads/" + t + "/runs/" + r), 200);
        // takes several heartbeats: the answer starts at once and is preceded by keep-alive newlines
        Reply joined = expect(c.get("/threads/" + t + "/runs/" + r + "/join"), 200);
        assertThat(joined.json().path("items").size()).isEqualTo(4);
        expect(c.get("/threads/" + t + "/runs/" + r + "/join?cancel_on_disconnect=true"), 200);
        expect(c.get("/threads/" + t + "/runs/" + r + "/join?cancel_on_disconnect=perhaps"), 422);

        Reply listed = expect(c.get("/threads/" + t + "/runs?limit=5&offset=0&status=success"), 200);
        for (JsonNode run : listed.json()) strict("Run", run, "listed run", extra);
        expect(c.get("/threads/" + t + "/runs"), 200);
        expect(c.get("/threads/" + t + "/runs?status=bogus"), 422);
        expect(c.get("/threads/" + t + "/runs?limit=0"), 422);
        expect(c.get("/threads/" + UUID.randomUUID() + "/runs"), 404);
        expect(c.get("/threads/" + t + "/runs/" + UUID.randomUUID()), 404);
        expect(c.get("/threads/" + t + "/runs/not-a-uuid"), 422);

        Reply failed = expect(c.post("/threads/" + t + "/runs/wait", Map.of("assistant_id", STEPS,
                "config", Map.of("configurable", Map.of("fail_at", "b")))), 200);
        assertThat(failed.json().has("__error__")).isTrue();
        expect(c.get("/threads/" + t), 200);

        // cancelling
        Map<String, Object> long_ = Map.of("assistant_id", STEPS, "config", Map.of("configurable", Map.of("delay_ms", 2000)));
        String r2 = expect(c.post("/threads/" + t + "/runs", long_), 200).json().path("run_id").asString();
        expect(c.post("/threads/" + t + "/runs/" + r2 + "/cancel?action=bogus", null), 422);
        expect(c.post("/threads/" + t + "/runs/" + r2 + "/cancel", null), 202);
        expect(c.get("/threads/" + t + "/runs/" + r2 + "/join"), 200);
        String r3 = expect(c.post("/threads/" + t + "/runs", long_), 200).json().path("run_id").asString();
        expect(c.post("/threads/" + t + "/runs/" + r3 + "/cancel?wait=true&action=interrupt", null), 204);
        expect(c.post("/threads/" + t + "/runs/" + r3 + "/cancel", null), 409);
        expect(c.post("/threads/" + t + "/runs/" + UUID.randomUUID() + "/cancel", null), 404);
        Reply interrupted = expect(c.get("/threads/" + t + "/runs/" + r3), 200);
        assertThat(interrupted.json().path("status").asString()).isEqualTo("interrupted");
        String r4 = expect(c.post("/threads/" + t + "/runs", Map.of("assistant_id", STEPS, "after_seconds", 30)), 200)
                .json().path("run_id").asString();
        expect(c.post("/threads/" + t + "/runs/" + r4 + "/cancel?wait=1&action=rollback", null), 204);

        expect(c.delete("/threads/" + t + "/runs/" + r), 204);
        expect(c.delete("/threads/" + t + "/runs/" + r), 404);
        expect(c.delete("/threads/" + t + "/runs/not-a-uuid"), 422);

        // creation errors
        expect(c.post("/threads/" + t + "/runs", Map.of()), 422);
        expect(c.post("/threads/" + t + "/runs", Map.of("assistant_id", "no-such-graph")), 404);
        expect(c.post("/threads/" + t + "/runs", Map.of("assistant_id", STEPS, "input", Map.of(), "command", Map.of("resume", 1))), 422);
        expect(c.post("/threads/" + t + "/runs", Map.of("assistant_id", STEPS, "stream_mode", "everything")), 422);
        expect(c.post("/threads/" + t + "/runs", Map.of("assistant_id", STEPS, "after_seconds", -1)), 422);
        String idle = expect(c.post("/threads", null), 200).json().path("thread_id").asString();
        expect(c.post("/threads/" + idle + "/runs", Map.of("assistant_id", STEPS, "command", Map.of("resume", 1))), 400);
        expect(c.post("/threads/" + UUID.randomUUID() + "/runs", Map.of("assistant_id", STEPS)), 404);
        expect(c.post("/threads/" + UUID.randomUUID() + "/runs/wait", Map.of("assistant_id", STEPS, "if_not_exists", "create",
                "checkpoint_id", "no-such-checkpoint")), 404);
        expect(c.post("/threads/not-a-uuid/runs", Map.of("assistant_id", STEPS)), 422);
        expect(c.post("/threads/" + idle + "/runs/wait", Map.of("assistant_id", STEPS, "on_disconnect", "cancel",
                "checkpoint", Map.of("checkpoint_id", "nope"))), 404);
        expect(c.post("/threads/" + idle + "/runs/wait", Map.of("assistant_id", 7)), 422);
        expect(c.post("/threads/" + idle + "/runs/wait", Map.of("assistant_id", STEPS, "command", Map.of("resume", 1))), 400);
        String busy = expect(c.post("/threads", null), 200).json().path("thread_id").asString();
        expect(c.post("/threads/" + busy + "/runs", long_), 200);
        expect(c.post("/threads/" + busy + "/runs/wait", Map.of("assistant_id", STEPS, "multitask_strategy", "reject")), 409);
        expect(c.delete("/threads/" + busy), 204);
    }

    private void streams(ContractClient c) {
        String t = expect(c.post("/threads", null), 200).json().path("thread_id").asString();
        Sse run = c.stream("POST", "/threads/" + t + "/runs/stream", Map.of("assistant_id", STEPS,
                "input", Map.of("items", List.of()), "stream_mode", List.of("values", "updates", "custom", "checkpoints",
                        "debug", "messages-tuple", "messages", "tasks", "events"),
                "stream_subgraphs", true, "stream_resumable", true, "on_disconnect", "continue"), Map.of(), s -> false, null);
        assertThat(run.status).isEqualTo(200);
        assertThat(run.endedByServer).isTrue();
        assertThat(run.events.getFirst().event()).isEqualTo("metadata");
        for (String name : List.of("values", "updates", "custom", "checkpoints", "debug", "tasks", "events")) {
            assertThat(run.named(name)).as(name + " events").isNotEmpty();
        }
        assertThat(run.named("events")).as("events: the graph's start and end and each task's")
                .hasSize(2 + 2 * 3);
        String runId = run.events.getFirst().json().path("run_id").asString();

        Sse failing = c.stream("POST", "/threads/" + t + "/runs/stream", Map.of("assistant_id", STEPS,
                "config", Map.of("configurable", Map.of("fail_at", "c")), "stream_mode", "updates"), Map.of(), s -> false, null);
        assertThat(failing.events.getLast().event()).isEqualTo("error");

        String base = "/threads/" + t + "/runs/" + runId + "/stream";
        Sse rejoined = c.stream("GET", run.header("Location"), null, Map.of(), s -> false, null);
        assertThat(rejoined.events).as("rejoining at Location replays the run").hasSameSizeAs(run.events);
        Sse byQuery = c.stream("GET", base + "?last_event_id=" + run.events.get(1).id(), null, Map.of(), s -> false, null);
        assertThat(byQuery.events).hasSize(run.events.size() - 2);
        Sse replay = c.stream("GET", base, null, Map.of("Last-Event-ID", "-1"), s -> false, null);
        assertThat(replay.events).hasSameSizeAs(run.events);
        Sse filtered = c.stream("GET", base + "?stream_mode=updates&stream_mode=values,custom&cancel_on_disconnect=false",
                null, Map.of("Last-Event-ID", run.events.getFirst().id()), s -> false, null);
        assertThat(filtered.events).isNotEmpty();
        Sse withoutCursor = c.stream("GET", base, null, Map.of(), s -> false, null);
        assertThat(withoutCursor.events).as("a join without Last-Event-ID replays the run").hasSameSizeAs(run.events);
        expect(c.stream("GET", base + "?stream_mode=bogus", null, Map.of(), s -> false, null), 422);
        expect(c.stream("GET", base, null, Map.of("Last-Event-ID", "yesterday"), s -> false, null), 422);
        expect(c.stream("GET", "/threads/" + t + "/runs/" + UUID.randomUUID() + "/stream", null, Map.of(), s -> false, null), 404);

        // a live join of a running run
        String live = expect(c.post("/threads/" + t + "/runs", Map.of("assistant_id", STEPS,
                "config", Map.of("configurable", Map.of("delay_ms", 300)))), 200).json().path("run_id").asString();
        Sse joined = c.stream("GET", "/threads/" + t + "/runs/" + live + "/stream", null, Map.of(), s -> false, null);
        assertThat(joined.endedByServer).isTrue();
        assertThat(joined.comments).as("heartbeats while the run sleeps").isNotEmpty();

        expect(c.post("/threads/" + t + "/state", Map.of("values", Map.of("items", List.of("z")))), 200);
        expect(c.stream("POST", "/threads/" + t + "/runs/stream", Map.of(), Map.of(), s -> false, null), 422);
        expect(c.stream("POST", "/threads/" + UUID.randomUUID() + "/runs/stream", Map.of("assistant_id", STEPS),
                Map.of(), s -> false, null), 404);

        // the thread stream, replayed from the start; it never ends, so stop at the first heartbeat after the replay
        Sse thread = c.stream("GET", "/threads/" + t + "/stream?stream_modes=run_modes&stream_modes=state_update", null,
                Map.of("Last-Event-ID", "-"), s -> !s.comments.isEmpty() && !s.named("state_update").isEmpty(), null);
        assertThat(thread.named("state_update")).isNotEmpty();
        assertThat(thread.named("metadata").stream().filter(e -> e.data().contains("run_done"))).isNotEmpty();
        assertThat(thread.named("error")).isNotEmpty();
        Sse lifecycle = c.stream("GET", "/threads/" + t + "/stream?stream_mode=lifecycle", null,
                Map.of("Last-Event-ID", "0"), s -> !s.comments.isEmpty(), null);
        assertThat(lifecycle.events).isNotEmpty().allMatch(e -> e.event().equals("metadata"));
        expect(c.stream("GET", "/threads/" + t + "/stream?stream_modes=everything", null, Map.of(), s -> true, null), 422);
        expect(c.stream("GET", "/threads/" + t + "/stream", null, Map.of("Last-Event-ID", "x-y"), s -> true, null), 422);
        expect(c.stream("GET", "/threads/" + UUID.randomUUID() + "/stream", null, Map.of(), s -> true, null), 404);
        expect(c.stream("GET", "/threads/not-a-uuid/stream", null, Map.of(), s -> true, null), 422);

        // deleting a joined thread ends its stream with an error event (without an id)
        Sse deleted = c.stream("GET", "/threads/" + t + "/stream", null, Map.of(), s -> false,
                () -> expect(c.delete("/threads/" + t), 204));
        assertThat(deleted.endedByServer).isTrue();
        assertThat(deleted.events.getLast().event()).isEqualTo("error");
    }

    /** Protocol v2: the event stream (replayed, then stopped at the run's end), commands and their errors. */
    private void protocol(ContractClient c) {
        String t = UUID.randomUUID().toString();
        String events = "/threads/" + t + "/stream/events";
        String commands = "/threads/" + t + "/commands";
        expect(c.stream("POST", events, Map.of("channels", List.of("values")), Map.of(), s -> true, null), 404);
        Reply started = expect(c.post(commands, Map.of("id", 1, "method", "run.start", "params",
                Map.of("assistant_id", STEPS, "input", Map.of("items", List.of("p"))))), 200);
        assertThat(started.json().path("type").asString()).isEqualTo("success");
        Predicate<Sse> ended = s -> s.events.stream().anyMatch(e -> e.data().contains("\"completed\""));
        Sse all = c.stream("POST", events, Map.of("channels", List.of("values", "updates", "messages", "tools",
                "lifecycle", "checkpoints", "input", "tasks", "custom")), Map.of(), ended, null);
        assertThat(all.status).isEqualTo(200);
        assertThat(all.named("lifecycle")).isNotEmpty();
        String cursor = all.events.get(1).id();
        Sse resumed = c.stream("POST", events, Map.of("channels", List.of("lifecycle", "values"), "namespaces",
                List.of(List.of()), "depth", 0), Map.of("Last-Event-ID", cursor), ended, null);
        assertThat(resumed.events).isNotEmpty();
        Sse since = c.stream("POST", events, Map.of("channels", List.of("lifecycle"), "since", 1), Map.of(), ended,
                null);
        assertThat(since.events).hasSize(1);
        expect(c.post(commands, Map.of("id", 2, "method", "state.get", "params", Map.of())), 200);
        expect(c.post(commands, Map.of("id", 3, "method", "agent.getTree")), 200);
        Reply unknown = expect(c.post(commands, Map.of("id", 4, "method", "no.such.command")), 200);
        assertThat(unknown.json().path("type").asString()).isEqualTo("error");
        expect(c.post(commands, Map.of("method", "state.get")), 400);
        expect(c.post("/threads/" + UUID.randomUUID() + "/commands", Map.of("id", 5, "method", "state.get")), 404);
        expect(c.stream("POST", events, Map.of("channels", List.of("everything")), Map.of(), s -> true, null), 422);
        expect(c.stream("POST", events, Map.of("channels", List.of("values")), Map.of("Last-Event-ID", "x"),
                s -> true, null), 422);
    }

    private void stateless(ContractClient c) {
        Map<String, Object> input = Map.of("assistant_id", STEPS, "input", Map.of("items", List.of("q")));
        Reply waited = expect(c.post("/runs/wait", input), 200);
        assertThat(waited.json().path("items").size()).isEqualTo(4);
        Sse streamed = c.stream("POST", "/runs/stream", Map.of("assistant_id", STEPS_ID, "stream_mode", "custom"),
                Map.of(), s -> false, null);
        assertThat(streamed.named("custom")).isNotEmpty();
        Sse again = c.stream("GET", streamed.header("Location"), null, Map.of(), s -> false, null);
        assertThat(again.events).as("a stateless run's thread outlives the run for a while").hasSameSizeAs(streamed.events);
        expect(c.post("/runs", Map.of("assistant_id", STEPS, "webhook", "http://127.0.0.1:9/hook")), 422);
        Reply kept = expect(c.post("/runs", Map.of("assistant_id", STEPS, "on_completion", "keep", "webhook",
                "http://webhook.invalid/hook", "metadata", Map.of("why", "contract"))), 200);
        assertThat(kept.json().path("kwargs").path("temporary").asBoolean()).isTrue();
        String location = kept.header("Content-Location");
        expect(c.get(location + "/join"), 200);
        expect(c.get(location), 200);
        expect(c.post("/runs", Map.of("assistant_id", STEPS, "command", Map.of("resume", true))), 400);
        expect(c.post("/runs/wait", Map.of("assistant_id", STEPS, "command", Map.of("resume", true))), 400);
        expect(c.post("/runs", Map.of("assistant_id", UUID.randomUUID().toString())), 404);
        expect(c.post("/runs/wait", Map.of("assistant_id", "no-such-graph")), 404);
        expect(c.post("/runs", Map.of()), 422);
        Reply batch = expect(c.post("/runs/batch", List.of(input, input)), 200);
        assertThat(batch.json().size()).isEqualTo(2);
        expect(c.post("/runs/batch", List.of(input, Map.of())), 422);
        expect(c.post("/runs/batch", input), 422);
        String cancelled = expect(c.post("/runs", input), 200).json().path("thread_id").asString();
        expect(c.post("/runs/cancel", Map.of("thread_id", cancelled, "status", "all")), 204);
        expect(c.post("/runs/cancel", Map.of("thread_id", cancelled, "run_ids", List.of(UUID.randomUUID().toString()))), 404);
        expect(c.post("/runs/cancel", Map.of("run_ids", List.of(UUID.randomUUID().toString()))), 422);
        expect(c.post("/runs/wait", Map.of("assistant_id", STEPS, "multitask_strategy", "sometimes")), 422);
        expect(c.stream("POST", "/runs/stream", Map.of("assistant_id", STEPS, "on_completion", "never"), Map.of(), s -> false, null), 422);
        expect(c.stream("POST", "/runs/stream", Map.of("assistant_id", "no-such-graph"), Map.of(), s -> false, null), 404);
        expect(c.stream("POST", "/runs/stream", Map.of("assistant_id", STEPS, "command", Map.of("resume", 1)), Map.of(),
                s -> false, null), 400);
    }

    /** MCP's JSON-RPC over HTTP: the statuses of the transport; the protocol itself is tested with its client. */
    private void mcp(ContractClient c) {
        Map<String, String> accept = Map.of("Content-Type", "application/json",
                "Accept", "application/json, text/event-stream");
        Reply init = expect(c.send("POST", "/mcp", Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize",
                "params", Map.of("protocolVersion", "2025-06-18", "capabilities", Map.of(),
                        "clientInfo", Map.of("name", "contract", "version", "0"))), accept), 200);
        assertThat(init.json().path("result").path("serverInfo").path("name").asString()).isEqualTo("spool");
        expect(c.send("POST", "/mcp", Map.of("jsonrpc", "2.0", "method", "notifications/initialized"), accept), 202);
        Reply tools = expect(c.send("POST", "/mcp", Map.of("jsonrpc", "2.0", "id", "t", "method", "tools/list"),
                accept), 200);
        assertThat(tools.json().path("result").path("tools").findValuesAsString("name")).contains(STEPS);
        Reply unknown = expect(c.send("POST", "/mcp", Map.of("jsonrpc", "2.0", "id", 2, "method", "nope"), accept),
                200);
        assertThat(unknown.json().path("error").path("code").asInt()).isEqualTo(-32601);
        expect(c.send("POST", "/mcp", "{", accept), 400);
        expect(c.send("POST", "/mcp", Map.of("jsonrpc", "2.0", "id", 3, "method", "ping"),
                Map.of("Content-Type", "application/json")), 406);
        expect(c.get("/mcp"), 405);
        expect(c.delete("/mcp"), 204);
    }

    /** A2A's JSON-RPC over HTTP and its agent cards; the protocol itself is tested with its client. */
    private void a2a(ContractClient c) {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        Reply card = expect(c.get("/.well-known/agent-card.json?assistant_id=" + STEPS), 200);
        assertThat(card.json().path("url").asString()).endsWith("/a2a/" + STEPS_ID);
        expect(c.get("/a2a/" + STEPS_ID + "/.well-known/agent-card.json"), 200);
        expect(c.get("/.well-known/agent-card.json"), 400);
        expect(c.get("/a2a/no-such-assistant/.well-known/agent-card.json"), 404);
        String endpoint = "/a2a/" + STEPS;
        Reply unknown = expect(c.send("POST", endpoint, Map.of("jsonrpc", "2.0", "id", 1, "method", "nope"), json),
                200);
        assertThat(unknown.json().path("error").path("code").asInt()).isEqualTo(-32601);
        Reply task = expect(c.send("POST", endpoint, Map.of("jsonrpc", "2.0", "id", "g", "method", "tasks/get",
                "params", Map.of("id", UUID.randomUUID().toString())), json), 200);
        assertThat(task.json().path("error").path("code").asInt()).isEqualTo(-32001);
        Reply parse = expect(c.send("POST", endpoint, "{", json), 400);
        assertThat(parse.json().path("error").path("code").asInt()).isEqualTo(-32700);
        expect(c.send("POST", endpoint, Map.of("jsonrpc", "2.0", "method", "note"), json), 202);
        expect(c.get(endpoint), 405);
    }

    private void errors(ContractClient c) {
        expect(c.send("PUT", "/threads", null, Map.of()), 405);
        expect(c.send("PUT", "/assistants/search", null, Map.of()), 405);
        expect(c.get("/no/such/path"), 404);
        expect(c.post("/threads", "[1]"), 422);
        expect(c.post("/threads", "{"), 422);
        expect(c.post("/threads/search", "\"text\""), 422);
        expect(c.post("/assistants/search", Map.of("sort_by", "colour")), 422);
        expect(c.post("/assistants/search", Map.of("select", "name")), 422);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Operations never answered with a success status, and error kinds never seen. */
    private List<String> uncovered(ContractClient c) {
        List<String> out = new ArrayList<>();
        for (Operation op : doc.operations()) {
            boolean success = c.covered().stream().anyMatch(k -> k.startsWith(op.id() + " 2"))
                    // a WebSocket (101): an HTTP client cannot open one; ProtocolSocketContract does
                    || op.node().path("responses").has("101");
            if (!success) out.add(op.id() + ": no success response was exercised");
        }
        for (String kind : List.of(" 400", " 404", " 405", " 409", " 422")) {
            if (c.covered().stream().noneMatch(k -> k.endsWith(kind))) out.add("no" + kind + " response was exercised");
        }
        return out;
    }

    private static Reply expect(Reply r, int status) {
        assertThat(r.status()).as(r.op() == null ? "unrouted" : r.op().id() + ": " + ContractClient.abbreviate(r.text()))
                .isEqualTo(status);
        return r;
    }

    private static Sse expect(Sse s, int status) {
        assertThat(s.status).as("stream status" + (s.error == null ? "" : ": " + s.error.text())).isEqualTo(status);
        return s;
    }

    /** A full resource: validated against the complete component (search results are documented as selections). */
    private void strict(String component, JsonNode node, String where, List<String> problems) {
        List<String> errors = doc.validate(doc.component(component), node);
        if (!errors.isEmpty()) problems.add(where + " is not a full " + component + ": " + errors + " in " + node);
    }

    /** The component is closed: the same response with one more field does not validate. */
    private void closedSchemaRejects(String component, JsonNode node, List<String> problems) {
        ObjectNode more = (ObjectNode) node.deepCopy();
        more.put("an_undocumented_field", 1);
        if (doc.validate(doc.component(component), more).isEmpty()) {
            problems.add(component + " accepts undocumented fields: make it closed (additionalProperties: false)");
        }
        if (!doc.validate(doc.component(component), node).isEmpty()) {
            problems.add(component + " rejects a real response: " + Json.text(node));
        }
    }

    private void checkRefs(JsonNode node, String at, List<String> problems) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref") && e.getValue().isString()) {
                    String ref = e.getValue().asString();
                    if (!ref.startsWith("#/")) problems.add(at + ": external $ref " + ref);
                    else if (doc.pointer(ref) == null) problems.add(at + ": $ref " + ref + " does not resolve");
                } else {
                    checkRefs(e.getValue(), at + "/" + e.getKey(), problems);
                }
            });
        } else if (node.isArray()) {
            for (JsonNode item : node) checkRefs(item, at, problems);
        }
    }
}
