package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The WebSocket contract on memory, and what is the socket's own whatever the storage: slow clients. */
class MemoryProtocolSocketTest extends ProtocolSocketContract {
    @Override
    String storage() {
        return "memory";
    }

    /**
     * A client that subscribes and then never reads: the server writes until the connection's buffers are full,
     * then waits (a few frames written ahead, the rest left in the log) and disconnects the client once it has taken
     * nothing for the send timeout (6 heartbeats): it leaves the open streams of {@code /metrics}. Read afterwards,
     * the connection ends instead of going on.
     */
    @Test
    void aClientThatNeverReadsIsDisconnected() throws Exception {
        String t = api.createThread();
        try (Socket raw = new Socket()) {
            raw.setReceiveBufferSize(4096);
            raw.connect(new InetSocketAddress("127.0.0.1", http.base.getPort()));
            OutputStream out = raw.getOutputStream();
            InputStream in = raw.getInputStream();
            out.write(("GET /threads/" + t + "/stream/events HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            out.write(maskedText(Json.write(Map.of("id", 1, "method", "subscription.subscribe",
                    "params", Map.of("channels", List.of("custom"))))));
            out.flush();
            // ~60 000 custom events, about 10 MB of frames: far more than the connection buffers
            out.write(maskedText(Json.write(Map.of("id", 2, "method", "run.start", "params",
                    Map.of("assistant_id", "burst", "input", Map.of(), "config",
                            Map.of("configurable", Map.of("count", 60_000)))))));
            out.flush();
            Api.awaitTrue(() -> {
                JsonNode runs = api.runs(t);
                return runs.size() == 1 && "success".equals(Json.str(runs.get(0), "status"));
            }, "the burst run to end", LONG);
            // the server counts the socket among its open streams until it lets it go
            Api.awaitTrue(() -> http.get("/metrics?format=json").json().get("streams").get("open").asInt() == 0,
                    "the socket of a client that does not read to be closed", LONG);
            // Read now: a connection still open would go on (pings every heartbeat); a closed one ends.
            raw.setSoTimeout((int) SOON.toMillis());
            byte[] buffer = new byte[64 * 1024];
            long read = 0;
            long deadline = System.nanoTime() + SOON.toNanos();
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    read += n;
                    if (System.nanoTime() > deadline) throw new SocketTimeoutException();
                }
            } catch (SocketTimeoutException stillOpen) {
                throw new AssertionError("the server kept the connection of a client that did not read ("
                        + read + " bytes came)");
            } catch (SocketException reset) {
                // a disconnect may reach a client as a reset
            }
            assertTrue(read < 10_000_000L, "the server stopped writing to it: " + read + " bytes");
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.append((char) b);
        }
        return head.toString();
    }

    /** One client text frame (clients mask theirs; a zero mask keeps the payload as it is). */
    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) throw new IllegalArgumentException("a short frame only");
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81; // FIN, text
        frame[1] = (byte) (0x80 | payload.length); // masked, length
        System.arraycopy(payload, 0, frame, 6, payload.length);
        return frame;
    }
}
