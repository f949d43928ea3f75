package io.spool.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A protocol v2 WebSocket, opened with the JDK's {@link WebSocket} client on {@code /threads/{t}/stream/events}:
 * sends commands, keeps every message received (parsed) in order, and the close code and reason the server sent.
 */
final class ProtocolSocketClient implements AutoCloseable {

    private final WebSocket socket;
    private final List<JsonNode> received = new ArrayList<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();

    private ProtocolSocketClient(URI uri, Map<String, String> headers) throws Exception {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        this.socket = b.buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
    }

    static ProtocolSocketClient open(int port, String threadId) {
        return open(port, threadId, Map.of());
    }

    static ProtocolSocketClient open(int port, String threadId, Map<String, String> headers) {
        try {
            return new ProtocolSocketClient(uri(port, threadId), headers);
        } catch (Exception e) {
            throw new AssertionError("the upgrade failed: " + e, e);
        }
    }

    /** The HTTP status an upgrade is refused with; fails when the socket opens. */
    static int refusal(int port, String threadId, Map<String, String> headers) throws Exception {
        try {
            new ProtocolSocketClient(uri(port, threadId), headers).close();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) return h.getResponse().statusCode();
            throw e;
        }
        return fail("the upgrade was accepted");
    }

    private static URI uri(int port, String threadId) {
        return URI.create("ws://127.0.0.1:" + port + "/threads/" + threadId + "/stream/events");
    }

    void send(long id, String method, Map<String, Object> params) {
        sendText(Json.write(Map.of("id", id, "method", method, "params", params)));
    }

    void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** Every message so far once {@code done} holds for them; fails after {@code within} with what came. */
    List<JsonNode> until(Predicate<List<JsonNode>> done, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        synchronized (received) {
            while (!done.test(received)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) fail("not received within " + within + ": " + Json.abbreviate(received.toString()));
                try {
                    TimeUnit.NANOSECONDS.timedWait(received, left);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return List.copyOf(received);
        }
    }

    /** The answer to command {@code id}, once it has come. */
    JsonNode reply(long id, Duration within) {
        return until(all -> all.stream().anyMatch(m -> isReply(m, id)), within).stream()
                .filter(m -> isReply(m, id)).findFirst().orElseThrow();
    }

    static boolean isReply(JsonNode m, long id) {
        return !"event".equals(m.get("type").asString()) && m.get("id").isNumber() && m.get("id").asLong() == id;
    }

    /** {@code "<code> <reason>"} of the server's close, once it has closed. */
    String closedWith(Duration within) throws Exception {
        return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode m = Json.parse(partial.toString());
                partial.setLength(0);
                synchronized (received) {
                    received.add(m);
                    received.notifyAll();
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete("error " + error);
        }
    }
}
