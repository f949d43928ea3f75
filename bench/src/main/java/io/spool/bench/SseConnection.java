package io.spool.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request over a plain socket whose response body is read as Server-Sent Events. Small and
 * allocation-light on purpose: one process holds 10,000 of these (one virtual thread each), and the raw ceiling
 * measures how fast this same parser can go. Handles chunked, content-length and close-delimited bodies.
 */
final class SseConnection implements Closeable {

    /** Receives each event; return false to stop reading (the caller then closes). */
    @FunctionalInterface
    interface Listener {
        boolean onEvent(SseEvent e) throws Exception;
    }

    private final Socket socket;
    private final InputStream in;
    private final byte[] raw;
    private int rp;
    private int rl;
    private byte[] sbuf;
    private int spos;
    private int slim;

    /** When the request was written, and when the response headers had arrived ({@link System#nanoTime()}). */
    final long requestNanos;
    long headersNanos;
    /** Time of the last read from the socket that returned bytes. */
    long lastReadNanos;
    int status;
    final Map<String, String> headers = new LinkedHashMap<>();

    /** The data of the last {@code error} event seen, if any (for the results, when a run failed). */
    volatile String errorData;
    private volatile boolean closed;
    volatile boolean timedOut;

    private boolean chunked;
    private long contentLeft = -1; // -1: until close
    private long chunkLeft;
    private boolean needChunkCrlf;
    private boolean bodyDone;

    private SseConnection(Socket socket, int bufferSize) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.raw = new byte[bufferSize];
        this.sbuf = new byte[bufferSize];
        this.requestNanos = System.nanoTime();
    }

    /** A request builder, so call sites stay readable. */
    static Request request(String baseUrl, String method, String path) {
        return new Request(URI.create(baseUrl), method, path);
    }

    static final class Request {
        private final URI base;
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;
        private int bufferSize = 16 * 1024;
        private int receiveBuffer = -1;
        private int connectTimeoutMs = 10_000;
        private int readTimeoutMs;

        private Request(URI base, String method, String path) {
            this.base = base;
            this.method = method;
            this.path = path;
        }

        Request header(String name, String value) {
            if (value != null) headers.put(name, value);
            return this;
        }

        Request json(Object body) {
            this.body = Json.write(body).getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** Size of each of the two read buffers (socket bytes, decoded body). */
        Request bufferSize(int bytes) {
            this.bufferSize = bytes;
            return this;
        }

        /** SO_RCVBUF, set before connecting (disables autotuning): small values make a slow reader push back. */
        Request receiveBuffer(int bytes) {
            this.receiveBuffer = bytes;
            return this;
        }

        /** SO_TIMEOUT for every read (0: none, the default for streams that may be idle for long). */
        Request readTimeout(int ms) {
            this.readTimeoutMs = ms;
            this.connectTimeoutMs = Math.min(connectTimeoutMs, ms);
            return this;
        }

        /** Connects, sends, and reads the status line and headers. */
        SseConnection open() throws IOException {
            Socket s = new Socket();
            try {
                if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
                s.setTcpNoDelay(true);
                if (readTimeoutMs > 0) s.setSoTimeout(readTimeoutMs);
                int port = base.getPort() < 0 ? 80 : base.getPort();
                s.connect(new InetSocketAddress(base.getHost(), port), connectTimeoutMs);
                StringBuilder req = new StringBuilder(256);
                req.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
                req.append("Host: ").append(base.getHost()).append(':').append(port).append("\r\n");
                req.append("Accept: text/event-stream\r\n");
                req.append("Connection: close\r\n");
                for (Map.Entry<String, String> h : headers.entrySet()) {
                    req.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
                }
                if (body != null) {
                    req.append("Content-Type: application/json\r\n");
                    req.append("Content-Length: ").append(body.length).append("\r\n");
                }
                req.append("\r\n");
                SseConnection c = new SseConnection(s, bufferSize);
                OutputStream out = s.getOutputStream();
                byte[] head = req.toString().getBytes(StandardCharsets.ISO_8859_1);
                if (body == null) {
                    out.write(head);
                } else {
                    byte[] all = new byte[head.length + body.length];
                    System.arraycopy(head, 0, all, 0, head.length);
                    System.arraycopy(body, 0, all, head.length, body.length);
                    out.write(all);
                }
                out.flush();
                c.readHead();
                return c;
            } catch (IOException | RuntimeException e) {
                s.close();
                throw e;
            }
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(raw, 0, raw.length);
        if (n <= 0) return false;
        lastReadNanos = System.nanoTime();
        rp = 0;
        rl = n;
        return true;
    }

    private int rawByte() throws IOException {
        if (rp >= rl && !fill()) return -1;
        return raw[rp++] & 0xff;
    }

    private String rawLine() throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = rawByte()) != '\n') {
            if (c < 0) throw new IOException("connection closed in the response head");
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }

    private void readHead() throws IOException {
        String statusLine = rawLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("bad status line: " + statusLine);
        status = Integer.parseInt(parts[1]);
        String line;
        while (!(line = rawLine()).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        headersNanos = System.nanoTime();
        chunked = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
        if (!chunked && headers.containsKey("content-length")) contentLeft = Long.parseLong(headers.get("content-length"));
    }

    /** Reads decoded body bytes; -1 at the end of the body. */
    private int readBody(byte[] dst, int off, int len) throws IOException {
        if (bodyDone) return -1;
        if (!chunked) {
            if (contentLeft == 0) {
                bodyDone = true;
                return -1;
            }
            if (rp >= rl && !fill()) {
                bodyDone = true;
                return -1;
            }
            int n = Math.min(len, rl - rp);
            if (contentLeft > 0) n = (int) Math.min(n, contentLeft);
            System.arraycopy(raw, rp, dst, off, n);
            rp += n;
            if (contentLeft > 0) contentLeft -= n;
            return n;
        }
        while (chunkLeft == 0) {
            if (needChunkCrlf) {
                int c;
                while ((c = rawByte()) != '\n') if (c < 0) return endOfBody();
                needChunkCrlf = false;
            }
            long size = 0;
            boolean inExtension = false;
            int c;
            while ((c = rawByte()) != '\n') {
                if (c < 0) return endOfBody();
                if (c == ';') inExtension = true;
                if (inExtension || c == '\r' || c == ' ') continue;
                int d = Character.digit(c, 16);
                if (d < 0) throw new IOException("bad chunk size byte " + c);
                size = size * 16 + d;
            }
            if (size == 0) return endOfBody();
            chunkLeft = size;
            needChunkCrlf = true;
        }
        if (rp >= rl && !fill()) return endOfBody();
        int n = (int) Math.min(Math.min(len, rl - rp), chunkLeft);
        System.arraycopy(raw, rp, dst, off, n);
        rp += n;
        chunkLeft -= n;
        return n;
    }

    private int endOfBody() {
        bodyDone = true;
        return -1;
    }

    /** The whole body as text (for error responses and small JSON answers). */
    String bodyText() throws IOException {
        StringBuilder b = new StringBuilder();
        byte[] tmp = new byte[4096];
        int n;
        while ((n = readBody(tmp, 0, tmp.length)) > 0) b.append(new String(tmp, 0, n, StandardCharsets.UTF_8));
        return b.toString();
    }

    /**
     * Parses events until the body ends (returns true) or the listener says stop (returns false). Comment lines
     * ({@code : heartbeat}) and {@code retry:} are skipped; an event is dispatched on its blank line.
     */
    boolean pump(Listener listener) throws Exception {
        SseEvent ev = new SseEvent();
        while (true) {
            byte[] b = sbuf;
            int i = spos;
            while (i < slim) {
                int nl = -1;
                for (int k = i; k < slim; k++) {
                    if (b[k] == '\n') {
                        nl = k;
                        break;
                    }
                }
                if (nl < 0) break;
                int end = nl;
                if (end > i && b[end - 1] == '\r') end--;
                if (end == i) {
                    if (ev.hasFields) {
                        ev.arrivalNanos = lastReadNanos;
                        if (ev.nameIs("error")) errorData = ev.data();
                        spos = nl + 1;
                        if (!listener.onEvent(ev)) return false;
                        ev.reset();
                    }
                } else {
                    if (!ev.hasFields) ev.startNanos = lastReadNanos;
                    ev.line(b, i, end);
                }
                i = nl + 1;
            }
            spos = i;
            if (spos > 0) {
                System.arraycopy(sbuf, spos, sbuf, 0, slim - spos);
                slim -= spos;
                spos = 0;
            }
            if (slim == sbuf.length) sbuf = java.util.Arrays.copyOf(sbuf, sbuf.length * 2);
            int n;
            try {
                n = readBody(sbuf, slim, sbuf.length - slim);
            } catch (IOException e) {
                if (closed) return false; // closed by us: close() or closeAfter()
                throw e;
            }
            if (n < 0) return true;
            slim += n;
        }
    }

    /** Closes the connection after {@code ms} unless it is closed before (a reader of a never-ending stream). */
    SseConnection closeAfter(long ms) {
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                timedOut = true;
                close();
            }
        });
        return this;
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    /** GET {@code url + path} over a fresh socket; the status, or -1 when nothing answers. */
    static int statusOf(String baseUrl, String path, int timeoutMs) {
        try (SseConnection c = request(baseUrl, "GET", path).bufferSize(2048).readTimeout(timeoutMs).open()) {
            return c.status;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
