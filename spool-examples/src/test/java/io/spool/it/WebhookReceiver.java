package io.spool.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A webhook receiver on loopback: keeps every request it gets, and answers each path as the test scripted it
 * (200 unless told otherwise; a path can answer a list of statuses in turn, or redirect).
 */
final class WebhookReceiver implements AutoCloseable {

    record Received(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return v == null ? null : v.getFirst();
        }
    }

    /** What a path answers: a status, and a {@code Location} for redirects. */
    record Answer(int status, String location) {
        static Answer ok() {
            return new Answer(200, null);
        }
    }

    private final HttpServer server;
    private final Map<String, LinkedBlockingQueue<Received>> byPath = new ConcurrentHashMap<>();
    final List<Received> all = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Integer, Answer>> scripts = new ConcurrentHashMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::receive);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** How {@code path} answers its n-th request (1-based). */
    void script(String path, Function<Integer, Answer> answer) {
        scripts.put(path, answer);
    }

    /** The next request to {@code path}, waiting up to {@code timeout}; null if none came. */
    Received next(String path, Duration timeout) throws InterruptedException {
        return queue(path).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int count(String path) {
        return (int) all.stream().filter(r -> r.path().equals(path)).count();
    }

    private LinkedBlockingQueue<Received> queue(String path) {
        return byPath.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    private void receive(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Map<String, List<String>> headers = new java.util.HashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
        Received r = new Received(ex.getRequestMethod(), path, headers,
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        all.add(r);
        int n = count(path);
        Answer answer = scripts.getOrDefault(path, i -> Answer.ok()).apply(n);
        if (answer.location() != null) ex.getResponseHeaders().set("Location", answer.location());
        queue(path).add(r); // after the answer is decided, before it is sent: a test that saw it sees the count
        ex.sendResponseHeaders(answer.status(), -1);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
