package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fault suite's reconnect storm: {@value #CLIENTS} clients read one thread stream while a
 * {@value #EVENTS}-event run writes to it, each dropping its connection at random points (after 1 to
 * {@value #MAX_SPAN} events) and resuming with the last id it saw. Every client must end with every event exactly
 * once, in order. Fixed seeds, so a failure replays the same storm.
 */
class SqliteReconnectStormTest extends ServerContract {

    private static final int CLIENTS = 200;
    private static final int EVENTS = 100_000;
    private static final int MAX_SPAN = 5_000;

    @Override
    String storage() {
        return "sqlite";
    }

    /** What one client saw: events in order, reconnections, and the first problem (null if none). */
    private record Outcome(int events, int reconnects, String problem) {
    }

    @Test
    void twoHundredClientsReconnectingAtRandomLoseAndRepeatNothing() throws Exception {
        String thread = api.createThread();
        List<Future<Outcome>> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < CLIENTS; c++) {
                long seed = c;
                clients.add(pool.submit(() -> read(thread, new SplittableRandom(seed))));
            }
            // the run starts after 300 ms, so most clients are joined before its first event
            api.createRun(thread, Api.with(Api.burst(EVENTS), "config",
                    java.util.Map.of("configurable", java.util.Map.of("count", EVENTS, "sleep_ms", 300))));
            int reconnects = 0;
            for (Future<Outcome> f : clients) {
                Outcome o = f.get(120, TimeUnit.SECONDS);
                assertEquals(null, o.problem());
                assertEquals(EVENTS, o.events(), "custom events one client saw");
                reconnects += o.reconnects();
            }
            assertTrue(reconnects >= CLIENTS * (EVENTS / MAX_SPAN), "reconnections: " + reconnects);
        }
    }

    /** Reads the thread stream until the run's end, reconnecting at random with {@code Last-Event-ID}. */
    private Outcome read(String thread, SplittableRandom random) throws IOException {
        String lastId = "-1"; // from the start
        int next = 0;
        int reconnects = -1;
        while (true) {
            reconnects++;
            int span = 1 + random.nextInt(MAX_SPAN);
            try (Socket s = new Socket("127.0.0.1", http.base.getPort())) {
                s.setSoTimeout(60_000);
                OutputStream out = s.getOutputStream();
                out.write(("GET /threads/" + thread + "/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nLast-Event-ID: " + lastId
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8),
                        64 * 1024);
                String status = in.readLine();
                if (status == null || !status.contains(" 200 ")) return new Outcome(next, reconnects, "status " + status);
                String event = null;
                String data = null;
                String line;
                int read = 0;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data = line.substring(6);
                    } else if (line.startsWith("id: ")) {
                        lastId = line.substring(4);
                    } else if (line.isEmpty() && event != null) {
                        if (event.equals("custom")) {
                            String expected = "{\"i\":" + next + "}";
                            if (!expected.equals(data)) {
                                return new Outcome(next, reconnects, "expected " + expected + ", got " + data
                                        + " (id " + lastId + ")");
                            }
                            next++;
                            if (++read >= span) break; // drop the connection here
                        } else if (event.equals("metadata") && data.contains("run_done")) {
                            return new Outcome(next, reconnects, null);
                        }
                        event = null;
                        data = null;
                    }
                }
            }
        }
    }
}
