package io.spool.a2a;

import io.spool.assistants.Assistants;
import io.spool.errors.ApiError;
import io.spool.graphs.GraphRegistry;
import io.spool.http.Exchange;
import io.spool.http.JsonProblems;
import io.spool.http.Router;
import io.spool.json.Json;
import io.spool.runs.RunService;
import io.spool.storage.Assistant;
import io.spool.storage.EventBus;
import io.spool.threads.ThreadService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A2A (Agent2Agent) for every assistant: its agent card at {@code /.well-known/agent-card.json?assistant_id=ID} and
 * {@code /a2a/{assistant_id}/.well-known/agent-card.json}, JSON-RPC 2.0 at {@code POST /a2a/{assistant_id}} with the
 * A2A 0.3 methods ({@code message/send}, {@code message/stream}, {@code tasks/get}, {@code tasks/cancel}) and their
 * A2A 1.0 names ({@code SendMessage}, {@code SendStreamingMessage}, {@code GetTask}, {@code CancelTask}), each
 * answered in its version's shape ({@link A2aWire}).
 *
 * <p>JSON-RPC by hand over the server's Jackson mapper: no A2A server library for Java is served to this build, the
 * protocol is four methods over plain JSON, and the work is in mapping tasks onto runs ({@link A2aTasks}), which no
 * library would do. A body that is not JSON ({@code -32700}) or not a JSON-RPC request ({@code -32600}) is answered
 * with HTTP 400, as the official server answers a payload it cannot read; every error of a request that was read is
 * HTTP 200, as the A2A SDKs' servers answer them: an unknown method {@code -32601}, bad params or an unknown
 * assistant {@code -32602}, an unknown task {@code -32001}.
 */
public final class A2aEndpoint {

    private static final List<String> METHODS = List.of("message/send", "message/stream", "tasks/get",
            "tasks/cancel", "SendMessage", "SendStreamingMessage", "GetTask", "CancelTask");

    private final Assistants assistants;
    private final A2aTasks tasks;
    private final TaskStream streams;
    private final AgentCards cards;

    public A2aEndpoint(Assistants assistants, GraphRegistry graphs, RunService runs, ThreadService threads,
                       EventBus logs, Duration heartbeat, String version) {
        this.assistants = assistants;
        this.tasks = new A2aTasks(assistants, graphs, runs, threads);
        this.streams = new TaskStream(tasks, runs, logs, heartbeat);
        this.cards = new AgentCards(version);
    }

    public void register(Router r) {
        r.add("GET", "/.well-known/agent-card.json", ex -> card(ex, ex.query("assistant_id")));
        r.add("GET", "/a2a/{assistant_id}/.well-known/agent-card.json", ex -> card(ex, ex.path("assistant_id")));
        r.add("POST", "/a2a/{assistant_id}", this::post); // other methods: 405 from the router
    }

    private void card(Exchange ex, String ref) {
        if (ref == null || ref.isBlank()) {
            throw ApiError.badRequest("Missing query parameter 'assistant_id': every assistant has its own agent "
                    + "card (/.well-known/agent-card.json?assistant_id=ID or /a2a/ID/.well-known/agent-card.json)");
        }
        Assistant a = assistants.resolve(ref).orElseThrow(() -> ApiError.notFound("Assistant " + ref
                + " not found; graphs served here: " + assistants.graphIds()));
        ex.json(cards.card(ex, a));
    }

    private void post(Exchange ex) throws InterruptedException {
        Object id = null;
        try {
            JsonNode request = parse(ex.bodyBytes());
            id = id(request);
            String method = request.get("method") instanceof JsonNode m && m.isString() ? m.asString() : null;
            if (!"2.0".equals(request.path("jsonrpc").asString(null)) || method == null) {
                throw new A2aError(A2aError.INVALID_REQUEST, "Invalid request: a JSON-RPC 2.0 request has "
                        + "\"jsonrpc\": \"2.0\", a string \"method\" and an \"id\"");
            }
            if (!request.has("id")) { // a notification: A2A defines none, and nothing is answered to one
                ex.noContent(202);
                return;
            }
            A2aWire wire = A2aWire.ofMethod(method);
            if (wire == null) {
                throw new A2aError(A2aError.METHOD_NOT_FOUND, "Method not found: " + method + "; this agent "
                        + "answers " + String.join(", ", METHODS));
            }
            Map<String, Object> params = params(request);
            Assistant assistant = tasks.assistant(ex.path("assistant_id"));
            switch (method) {
                case "message/send", "SendMessage" -> result(ex, id, wire.taskResult(send(assistant, params)));
                case "message/stream", "SendStreamingMessage" -> streams.stream(ex, wire, id,
                        tasks.plan(assistant, A2aWire.readMessage(params.get("message")), TaskStream.MODES));
                case "tasks/get", "GetTask" -> result(ex, id, wire.task(tasks.get(taskId(params),
                        historyLength(params.get("historyLength")))));
                default -> result(ex, id, wire.task(tasks.cancel(taskId(params))));
            }
        } catch (A2aError e) {
            boolean unread = e.code == A2aError.PARSE_ERROR || e.code == A2aError.INVALID_REQUEST;
            error(ex, unread ? 400 : 200, id, e.code, e.getMessage());
        }
    }

    /** A send: waits for the run to end or pause, unless the caller asked for the task at once. */
    private A2aWire.Task send(Assistant assistant, Map<String, Object> params) throws InterruptedException {
        A2aWire.Message msg = A2aWire.readMessage(params.get("message"));
        Map<?, ?> config = params.get("configuration") instanceof Map<?, ?> c ? c : Map.of();
        Integer historyLength = historyLength(config.get("historyLength"));
        // 0.3 says "blocking": false, 1.0 "returnImmediately": true
        boolean wait = !Boolean.FALSE.equals(config.get("blocking"))
                && !Boolean.TRUE.equals(config.get("returnImmediately"));
        A2aTasks.Plan plan = tasks.plan(assistant, msg, List.of("values"));
        A2aTasks.Started started = tasks.start(plan, wait);
        return wait ? tasks.await(started, historyLength) : tasks.submitted(started, historyLength);
    }

    private static JsonNode parse(byte[] body) {
        JsonNode node;
        try {
            node = Json.tree(body);
        } catch (JacksonException e) {
            throw new A2aError(A2aError.PARSE_ERROR, "Parse error: the body is not JSON: " + JsonProblems.describe(e));
        }
        if (node == null || !node.isObject()) {
            throw new A2aError(A2aError.INVALID_REQUEST, "Invalid request: the body must be one JSON-RPC request "
                    + "object (batches are not supported)");
        }
        String surrogate = JsonProblems.loneSurrogate(node);
        if (surrogate != null) {
            throw new A2aError(A2aError.PARSE_ERROR, "Parse error: a lone UTF-16 surrogate (an unpaired "
                    + "\\ud800-\\udfff escape) at " + surrogate + " cannot be stored as text");
        }
        return node;
    }

    /** The request's id (a string, a number or null), echoed in the answer. */
    private static Object id(JsonNode request) {
        JsonNode id = request.get("id");
        if (id == null || id.isNull()) return null;
        if (id.isString() || id.isNumber()) return Json.plain(id);
        throw new A2aError(A2aError.INVALID_REQUEST, "Invalid request: \"id\" must be a string or a number");
    }

    private static Map<String, Object> params(JsonNode request) {
        JsonNode params = request.get("params");
        if (params == null || params.isNull()) return Map.of();
        if (!params.isObject()) throw A2aError.invalidParams("params must be an object");
        return Json.map(params);
    }

    private static String taskId(Map<String, Object> params) {
        if (params.get("id") instanceof String s && !s.isBlank()) return s;
        throw A2aError.invalidParams("params.id must name the task (its id, as the send answered it)");
    }

    private static Integer historyLength(Object value) {
        if (value == null) return null;
        if (value instanceof Integer n && n >= 0) return n;
        if (value instanceof Long n && n >= 0 && n <= Integer.MAX_VALUE) return n.intValue();
        throw A2aError.invalidParams("historyLength must be a whole number of messages, 0 or more");
    }

    private static void result(Exchange ex, Object id, Object result) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", id);
        response.put("result", result);
        ex.json(200, response);
    }

    private static void error(Exchange ex, int status, Object id, int code, String message) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("jsonrpc", "2.0");
        response.put("id", id);
        response.put("error", Map.of("code", code, "message", message));
        ex.json(status, response);
    }
}
