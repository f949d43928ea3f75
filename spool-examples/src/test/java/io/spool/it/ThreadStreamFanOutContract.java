package io.spool.it;

import static io.spool.it.StreamAssertions.assertIdsStrictlyIncreasing;
import static io.spool.it.StreamAssertions.assertSameEvents;
import static io.spool.it.StreamAssertions.assertWellFramed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Many readers of one thread each get every event, in the same order with the same ids (no splitting). */
abstract class ThreadStreamFanOutContract extends ServerContract {

    private static final int CLIENTS = 100;
    private static final int EVENTS = 2000;

    @Test
    void aClientThatStopsReadingHoldsUpNeitherTheRunNorTheOtherClients() throws IOException {
        // ~3 MB of SSE for a client with a 4 KB receive window that reads nothing after the headers: the server's
        // socket buffers to it fill up, and its writer must block alone
        int count = 50_000;
        String t = api.createThread();
        try (Socket stuck = new Socket();
                SseStream reader = http.stream("/threads/" + t + "/stream").expectOk()) {
            stuck.setReceiveBufferSize(4096);
            stuck.connect(new InetSocketAddress("127.0.0.1", http.base.getPort()), 5000);
            stuck.setSoTimeout(10_000);
            stuck.getOutputStream().write(("GET /threads/" + t + "/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            stuck.getOutputStream().flush();
            String head = readHead(stuck.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 200"), head);

            String run = api.createRunId(t, Api.burst(count));
            List<SseEvent> got = reader.until(e -> e.isRunDone(run), Duration.ofSeconds(60));
            assertEquals(count + 2, got.size());
            assertEquals("success", api.awaitRunStatus(t, run, Api.TERMINAL, Duration.ofSeconds(30)));
        }
        // and the server is still fine for everyone else
        assertEquals("success", Json.str(api.getRun(t, Json.str(api.runs(t).get(0), "run_id")), "status"));
    }

    /** Reads a response head byte by byte up to the blank line, and not one byte further. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new AssertionError("connection closed in the response head: " + head);
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void hundredJoinedClientsEachReceiveAllEventsOfABurstInTheSameOrder() {
        String t = api.createThread();
        List<SseStream> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) clients.add(http.stream("/threads/" + t + "/stream").expectOk());
            String run = api.createRunId(t, Api.burst(EVENTS));

            // every reader has its own thread filling its queue, so reading them one by one is fine
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<SseEvent> first = null;
            for (int c = 0; c < CLIENTS; c++) {
                Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
                List<SseEvent> got = clients.get(c).until(e -> e.isRunDone(run), left);
                if (first == null) {
                    first = got;
                    assertEquals(EVENTS + 2, got.size(), "start + " + EVENTS + " custom events + run_done");
                    assertTrue(got.getFirst().isRunStart(run), got.getFirst()::toString);
                    for (int i = 0; i < EVENTS; i++) {
                        SseEvent e = got.get(i + 1);
                        assertEquals("custom", e.event(), e::toString);
                        assertEquals(i, e.json().get("i").asInt(), e::toString);
                    }
                    assertIdsStrictlyIncreasing(got);
                } else {
                    assertSameEvents(first, got, "client " + c);
                }
                assertWellFramed(clients.get(c));
            }
        } finally {
            clients.forEach(SseStream::close);
        }
    }
}
