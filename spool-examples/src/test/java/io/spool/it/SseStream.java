package io.spool.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A small SSE client over one HTTP response. A reader thread parses the body line by line ({@code \n}, {@code \r\n}
 * or {@code \r}) into events and heartbeats; the test thread takes them in order, always with a deadline.
 *
 * <p>Framing is checked as it is read: every comment must be {@code : heartbeat} followed by a blank line, every
 * event must have exactly one {@code data:} line, fields come in the order {@code event:}, {@code data:}, {@code id:}. Violations are collected in {@link #framingProblems()}.
 */
final class SseStream implements AutoCloseable {

    static final Duration HEADERS_TIMEOUT = Duration.ofSeconds(10);

    /** A heartbeat comment, complete with its blank line. */
    private record Heartbeat(String line) {
    }

    /** The response ended (failure null when it ended cleanly or we closed it). */
    private record End(Throwable failure) {
    }

    private final String description;
    private final int status;
    private final HttpHeaders headers;
    private final InputStream body;
    private final boolean eventStream;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Deque<SseEvent> unread = new ArrayDeque<>();
    private final List<SseEvent> taken = new ArrayList<>();
    private final List<String> framingProblems = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<String> rawBody = new CompletableFuture<>();
    private volatile boolean closedByUs;
    private int heartbeats;
    private boolean ended;

    private SseStream(String description, HttpResponse<InputStream> response) {
        this.description = description;
        this.status = response.statusCode();
        this.headers = response.headers();
        this.body = response.body();
        String ct = headers.firstValue("content-type").orElse("");
        this.eventStream = status == 200 && ct.startsWith("text/event-stream");
        Thread.ofVirtual().name("sse " + description).start(eventStream ? this::readEvents : this::readRaw);
    }

    /** Sends the request and returns as soon as the response headers are in. */
    static SseStream open(HttpClient client, String method, URI uri, Map<String, String> headers, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        headers.forEach(b::header);
        if (jsonBody != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        String description = method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (headers.isEmpty() ? "" : " " + headers);
        CompletableFuture<HttpResponse<InputStream>> f = client.sendAsync(b.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try {
            return new SseStream(description, f.get(HEADERS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError(description + ": no response headers within " + HEADERS_TIMEOUT
                    + " (headers must be sent as soon as the request is validated, even on an idle thread)");
        } catch (ExecutionException e) {
            throw new AssertionError(description + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(description + " interrupted", e);
        }
    }

    int status() {
        return status;
    }

    HttpHeaders headers() {
        return headers;
    }

    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    boolean isEventStream() {
        return eventStream;
    }

    /** The whole body of a response that is not an event stream (an error), read within a deadline. */
    String errorBody() {
        if (eventStream) throw new AssertionError(description + " is an event stream (status " + status + ")");
        try {
            return rawBody.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(description + ": error body not complete within 10 s");
        } catch (ExecutionException e) {
            throw new AssertionError(description + ": reading the error body failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Asserts a 200 event stream; otherwise fails with the status and body. */
    SseStream expectOk() {
        if (!eventStream) {
            String b;
            try {
                b = errorBody();
            } catch (AssertionError e) {
                b = "(" + e.getMessage() + ")";
            }
            throw new AssertionError(description + ": expected 200 text/event-stream, got " + status + " "
                    + header("content-type") + " " + Json.abbreviate(b));
        }
        return this;
    }

    /** The next event, waiting at most {@code timeout}; fails if the stream ends or nothing comes. */
    SseEvent next(Duration timeout) {
        SseEvent e = poll(System.nanoTime() + timeout.toNanos());
        if (e == null) {
            throw new AssertionError(description + ": " + (ended ? "stream ended" : "no event within " + timeout)
                    + " after " + taken.size() + " events; last: " + last(5));
        }
        return e;
    }

    /** The next {@code n} events. */
    List<SseEvent> take(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SseEvent> out = new ArrayList<>(n);
        while (out.size() < n) {
            SseEvent e = poll(deadline);
            if (e == null) {
                throw new AssertionError(description + ": got " + out.size() + " of " + n + " events ("
                        + (ended ? "stream ended" : "deadline " + timeout + " passed") + "); last: " + last(5));
            }
            out.add(e);
        }
        return out;
    }

    /** Every event up to and including the first one that matches {@code last}. */
    List<SseEvent> until(Predicate<SseEvent> last, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SseEvent> out = new ArrayList<>();
        while (true) {
            SseEvent e = poll(deadline);
            if (e == null) {
                throw new AssertionError(description + ": the awaited event did not come ("
                        + (ended ? "stream ended" : "deadline " + timeout + " passed") + ") after " + out.size()
                        + " events; last: " + last(5));
            }
            out.add(e);
            if (last.test(e)) return out;
        }
    }

    /** Every event until the server ends the response; fails if it does not end in time. */
    List<SseEvent> untilEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<SseEvent> out = new ArrayList<>();
        while (true) {
            SseEvent e = poll(deadline);
            if (e != null) {
                out.add(e);
                continue;
            }
            if (ended) return out;
            throw new AssertionError(description + ": did not end within " + timeout + " after " + out.size()
                    + " events; last: " + last(5));
        }
    }

    /**
     * Waits until {@code n} more heartbeats arrived, keeping any events that come meanwhile for {@link #next}; fails
     * if the stream ends.
     */
    void awaitHeartbeats(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int target = heartbeats + n;
        while (heartbeats < target) {
            Object item = pollItem(deadline);
            if (item == null) {
                throw new AssertionError(description + ": " + (ended ? "stream ended" : "only "
                        + (n - (target - heartbeats)) + " of " + n + " heartbeats within " + timeout));
            }
            if (item instanceof SseEvent e) unread.add(e);
        }
    }

    /** Events that arrived but were not taken yet (after a heartbeat wait). */
    List<SseEvent> unread() {
        return List.copyOf(unread);
    }

    int heartbeats() {
        return heartbeats;
    }

    boolean ended() {
        return ended;
    }

    /** Framing problems seen so far (empty when the stream is well formed). */
    List<String> framingProblems() {
        return List.copyOf(framingProblems);
    }

    private SseEvent poll(long deadline) {
        if (!unread.isEmpty()) return record(unread.poll());
        while (true) {
            Object item = pollItem(deadline);
            if (item == null) return null;
            if (item instanceof SseEvent e) return record(e);
        }
    }

    private SseEvent record(SseEvent e) {
        taken.add(e);
        return e;
    }

    /** The next item, or null at the deadline or at the end; counts heartbeats and the end on the way. */
    private Object pollItem(long deadline) {
        if (ended) return null;
        try {
            long left = deadline - System.nanoTime();
            Object item = left <= 0 ? inbox.poll() : inbox.poll(left, TimeUnit.NANOSECONDS);
            if (item instanceof Heartbeat) heartbeats++;
            if (item instanceof End) {
                ended = true;
                return null;
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String last(int n) {
        return taken.subList(Math.max(0, taken.size() - n), taken.size()).toString();
    }

    private void readRaw() {
        try (InputStream in = body) {
            rawBody.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            rawBody.completeExceptionally(e);
        }
    }

    private void readEvents() {
        LineReader lines = new LineReader(body);
        String id = null;
        String event = null;
        String data = null;
        int dataLines = 0;
        String comment = null;
        Throwable failure = null;
        try {
            String line;
            while ((line = lines.next()) != null) {
                if (line.isEmpty()) {
                    if (comment != null && event == null && data == null && id == null) {
                        inbox.add(new Heartbeat(comment));
                    } else if (event != null || data != null || id != null) {
                        if (dataLines != 1) framingProblems.add(dataLines + " data lines in " + event + " " + id);
                        inbox.add(new SseEvent(id, event, data));
                    }
                    id = event = data = comment = null;
                    dataLines = 0;
                    continue;
                }
                if (line.startsWith(":")) {
                    if (!line.equals(": heartbeat")) framingProblems.add("unexpected comment line: " + line);
                    if (event != null || data != null || id != null) {
                        framingProblems.add("comment inside an event: " + line);
                    }
                    if (comment != null) framingProblems.add("comment not followed by a blank line: " + comment);
                    comment = line;
                    continue;
                }
                if (comment != null) {
                    framingProblems.add("comment not followed by a blank line: " + comment);
                    comment = null;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) value = value.substring(1);
                // the order every Spool frame uses: event, data, id
                if (field.equals("event") && (data != null || id != null)) {
                    framingProblems.add("event: after data:/id: in " + line);
                }
                if (field.equals("data") && id != null) framingProblems.add("data: after id: in " + line);
                switch (field) {
                    case "event" -> event = value;
                    case "id" -> id = value;
                    case "data" -> {
                        data = data == null ? value : data + "\n" + value;
                        dataLines++;
                    }
                    default -> framingProblems.add("unexpected field line: " + line);
                }
            }
            if (event != null || data != null || id != null) {
                framingProblems.add("response ended inside an event: " + event + " " + id);
            }
        } catch (IOException | RuntimeException e) {
            if (!closedByUs) failure = e;
        }
        inbox.add(new End(failure));
    }

    @Override
    public void close() {
        closedByUs = true;
        try {
            body.close();
        } catch (IOException ignored) {
            // closing is best effort: the connection goes away with it
        }
    }

    @Override
    public String toString() {
        return description;
    }

    /** Splits a byte stream into UTF-8 lines on CR, LF or CRLF. */
    private static final class LineReader {
        private final InputStream in;
        private final byte[] buf = new byte[8192];
        private int pos;
        private int len;
        private boolean lastWasCr;

        LineReader(InputStream in) {
            this.in = in;
        }

        String next() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            while (true) {
                if (pos == len) {
                    len = in.read(buf);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        return line.size() > 0 ? line.toString(StandardCharsets.UTF_8) : null;
                    }
                }
                byte b = buf[pos++];
                if (b == '\n' && lastWasCr) {
                    lastWasCr = false;
                    continue;
                }
                lastWasCr = b == '\r';
                if (b == '\n' || b == '\r') return line.toString(StandardCharsets.UTF_8);
                line.write(b);
            }
        }
    }
}
