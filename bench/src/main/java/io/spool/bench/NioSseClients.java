package io.spool.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Many SSE clients in one thread: non-blocking sockets on one selector, each with a small state machine for the
 * response head, chunked transfer coding and SSE lines. Ten thousand clients read this way cost a fraction of the CPU
 * that a virtual thread and a blocking socket each do, so on a small machine the load client does not take the
 * cores from the server it measures.
 */
final class NioSseClients implements AutoCloseable {

    /** Called on the selector thread for every complete event. */
    interface Listener {
        /** Returns false when this client has seen enough (its connection is then closed). */
        boolean onEvent(int client, String name, byte[] data, int length, long arrivalNanos);
    }

    private final InetSocketAddress address;
    private final byte[] request;
    private final int clients;
    private final int connectParallel;
    private final Listener listener;
    private final Selector selector;
    private final Thread thread;
    private final List<Conn> conns = new ArrayList<>();
    private volatile boolean stop;
    private volatile int joined;
    private volatile int failed;
    private volatile int finished;
    private int inFlightConnects;
    private int nextToConnect;

    NioSseClients(String baseUrl, String path, int clients, int connectParallel, Listener listener) throws IOException {
        URI u = URI.create(baseUrl);
        this.address = new InetSocketAddress(u.getHost(), u.getPort());
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.clients = clients;
        this.connectParallel = connectParallel;
        this.listener = listener;
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name("sse-clients").daemon().start(this::loop);
    }

    /** Clients whose response head said 200. */
    int joined() {
        return joined;
    }

    /** Clients that could not connect, got another status, or lost their connection before they were done. */
    int failed() {
        return failed;
    }

    /** Clients done: joined and then closed by the listener, or failed. */
    int settled() {
        return finished + failed;
    }

    private void loop() {
        try {
            startConnects();
            while (!stop) {
                selector.select(100);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    Conn c = (Conn) k.attachment();
                    try {
                        if (k.isConnectable()) c.connected(k);
                        else if (k.isReadable()) c.readable();
                    } catch (IOException | RuntimeException e) {
                        c.fail(e);
                    }
                }
                startConnects();
            }
        } catch (IOException e) {
            Results.log("sse clients: selector failed: %s", e);
        }
    }

    private void startConnects() throws IOException {
        while (nextToConnect < clients && inFlightConnects < connectParallel) {
            Conn c = new Conn(nextToConnect++);
            conns.add(c);
            inFlightConnects++;
            c.channel = SocketChannel.open();
            c.channel.configureBlocking(false);
            c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (c.channel.connect(address)) c.sendRequest(c.channel.register(selector, SelectionKey.OP_READ, c));
            else c.channel.register(selector, SelectionKey.OP_CONNECT, c);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        selector.wakeup();
        thread.join(10_000);
        for (Conn c : conns) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private enum Phase { HEAD, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, DONE }

    /** One client: its socket and where its parser is. */
    private final class Conn {
        final int index;
        SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        Phase phase = Phase.HEAD;
        final StringBuilder head = new StringBuilder();
        long chunkLeft;
        long chunkSize;
        byte[] line = new byte[256];
        int lineLength;
        String eventName;
        byte[] data = new byte[256];
        int dataLength;
        boolean hasData;

        Conn(int index) {
            this.index = index;
        }

        void connected(SelectionKey k) throws IOException {
            channel.finishConnect();
            k.interestOps(SelectionKey.OP_READ);
            sendRequest(k);
        }

        void sendRequest(SelectionKey k) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) channel.write(out); // a few dozen bytes into an empty socket buffer
        }

        void readable() throws IOException {
            in.clear();
            int n = channel.read(in);
            long now = System.nanoTime();
            if (n < 0) throw new IOException("connection closed by the server");
            byte[] b = in.array();
            for (int i = 0; i < n && phase != Phase.DONE; i++) feed(b[i], now);
        }

        private void feed(byte x, long now) throws IOException {
            switch (phase) {
                case HEAD -> {
                    head.append((char) (x & 0xff));
                    int len = head.length();
                    if (len >= 4 && head.charAt(len - 1) == '\n' && head.charAt(len - 2) == '\r'
                            && head.charAt(len - 3) == '\n' && head.charAt(len - 4) == '\r') {
                        String status = head.substring(0, head.indexOf("\r\n"));
                        if (!status.contains(" 200 ")) throw new IOException("status line " + status);
                        if (!head.toString().toLowerCase().contains("transfer-encoding: chunked")) {
                            throw new IOException("expected a chunked body");
                        }
                        inFlightConnects--;
                        joined++;
                        phase = Phase.CHUNK_SIZE;
                    }
                }
                case CHUNK_SIZE -> {
                    if (x == '\n') {
                        if (chunkSize == 0) throw new IOException("the stream ended");
                        chunkLeft = chunkSize;
                        chunkSize = 0;
                        phase = Phase.CHUNK_DATA;
                    } else if (x != '\r') {
                        chunkSize = chunkSize * 16 + Character.digit(x, 16);
                    }
                }
                case CHUNK_DATA -> {
                    sseByte(x, now);
                    if (--chunkLeft == 0) phase = Phase.CHUNK_END;
                }
                case CHUNK_END -> {
                    if (x == '\n') phase = Phase.CHUNK_SIZE;
                }
                case DONE -> {
                }
            }
        }

        private void sseByte(byte x, long now) throws IOException {
            if (x != '\n') {
                if (lineLength == line.length) line = java.util.Arrays.copyOf(line, line.length * 2);
                line[lineLength++] = x;
                return;
            }
            int len = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
            lineLength = 0;
            if (len == 0) {
                if (eventName != null || hasData) dispatch(now);
            } else if (startsWith(line, len, "event: ")) {
                eventName = new String(line, 7, len - 7, StandardCharsets.UTF_8);
            } else if (startsWith(line, len, "data: ")) {
                if (hasData) append((byte) '\n');
                for (int i = 6; i < len; i++) append(line[i]);
                hasData = true;
            }
        }

        private void append(byte x) {
            if (dataLength == data.length) data = java.util.Arrays.copyOf(data, data.length * 2);
            data[dataLength++] = x;
        }

        private void dispatch(long now) throws IOException {
            boolean more = listener.onEvent(index, eventName == null ? "message" : eventName, data, dataLength, now);
            eventName = null;
            dataLength = 0;
            hasData = false;
            if (!more) {
                phase = Phase.DONE;
                finished++;
                channel.close();
            }
        }

        void fail(Exception e) {
            if (phase == Phase.DONE) return;
            if (phase == Phase.HEAD) inFlightConnects--;
            phase = Phase.DONE;
            if (failed++ < 3) Results.log("sse client %d failed: %s", index, e);
            try {
                channel.close();
            } catch (IOException ignored) {
                // failed anyway
            }
        }
    }

    private static boolean startsWith(byte[] b, int len, String prefix) {
        if (len < prefix.length()) return false;
        for (int i = 0; i < prefix.length(); i++) if (b[i] != prefix.charAt(i)) return false;
        return true;
    }

    /** The long value of {@code "field":} in compact JSON text, or {@link Long#MIN_VALUE} when absent. */
    static long longField(byte[] json, int length, String field) {
        byte[] key = ("\"" + field + "\":").getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length <= length; i++) {
            for (int j = 0; j < key.length; j++) if (json[i + j] != key[j]) continue outer;
            int p = i + key.length;
            boolean negative = p < length && json[p] == '-';
            if (negative) p++;
            long v = 0;
            int start = p;
            while (p < length && json[p] >= '0' && json[p] <= '9') v = v * 10 + (json[p++] - '0');
            if (p == start) return Long.MIN_VALUE;
            return negative ? -v : v;
        }
        return Long.MIN_VALUE;
    }
}
