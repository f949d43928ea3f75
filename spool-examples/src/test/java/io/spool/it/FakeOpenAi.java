package io.spool.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small OpenAI-compatible chat completions server on loopback, streaming scripted answers as OpenAI does: a
 * question about the weather gets a {@code get_weather} tool call streamed in pieces, a conversation ending in a tool
 * result gets a streamed text, a question containing "fail" gets a 401 error. Every request body is kept.
 */
final class FakeOpenAi implements AutoCloseable {

    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeOpenAi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", this::complete);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private void complete(HttpExchange exchange) throws IOException {
        JsonNode request = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(request);
        JsonNode last = request.get("messages").get(request.get("messages").size() - 1);
        String lastText = last.path("content").asString("");
        if (lastText.contains("fail")) {
            byte[] body = "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(401, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            if ("tool".equals(last.path("role").asString(""))) {
                send(out, delta("{\"role\":\"assistant\",\"content\":\"\"}", null));
                for (String token : List.of("It is", " sunny", " in Paris.")) {
                    send(out, delta("{\"content\":" + Json.write(token) + "}", null));
                }
                send(out, delta("{}", "stop"));
                send(out, usage(30, 7));
            } else {
                send(out, delta("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                        + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null));
                for (String piece : List.of("{\"city\":", " \"Paris\"}")) {
                    send(out, delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + Json.write(piece)
                            + "}}]}", null));
                }
                send(out, delta("{}", "tool_calls"));
                send(out, usage(20, 5));
            }
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String delta(String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake-model\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    private static String usage(int prompt, int completion) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"fake-model\","
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    private static void send(OutputStream out, String json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
