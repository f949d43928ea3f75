package io.spool.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spool server in its own JVM ({@code io.spool.server.Main serve ...}), for what an in-process server cannot show:
 * surviving {@code kill -9}.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch listening = new CountDownLatch(1);
    private volatile int announcedPort = -1;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread.ofVirtual().name("server output " + process.pid()).start(this::drainOutput);
    }

    /** Starts {@code serve} with sqlite storage in {@code dataDir} on a free port and waits until it answers. */
    static ServerProcess startSqlite(Path dataDir) {
        return start(Backend.named("sqlite"), dataDir);
    }

    /** Starts {@code serve} on {@code backend} on a free port and waits until it answers. */
    static ServerProcess start(Backend backend, Path dataDir) {
        return start(backend, dataDir, Map.of());
    }

    /** The same, with {@code env} added to the server's environment and {@code args} to its options. */
    static ServerProcess start(Backend backend, Path dataDir, Map<String, String> env, String... args) {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classPath,
                "io.spool.server.Main", "serve", "--host", "127.0.0.1", "--port", Integer.toString(port)));
        cmd.addAll(backend.serveArguments(dataDir));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process p = builder.start();
            ServerProcess server = new ServerProcess(p, port);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a {@code serve} that was expected to fail at start printed, and its exit status. */
    record Exit(int status, String output) {
    }

    /** Starts {@code serve} on {@code backend} and waits for the process to exit by itself (a start-up failure). */
    static Exit runUntilExit(Backend backend, Path dataDir, Duration timeout) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classPath,
                "io.spool.server.Main", "serve", "--host", "127.0.0.1", "--port", Integer.toString(freePort())));
        cmd.addAll(backend.serveArguments(dataDir));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Thread drain = Thread.ofVirtual().start(() -> {
                try {
                    p.getInputStream().transferTo(out);
                } catch (IOException ignored) {
                    // the process is gone; what it printed is kept
                }
            });
            boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) p.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
            drain.join(5000);
            String printed;
            synchronized (out) {
                printed = out.toString(StandardCharsets.UTF_8);
            }
            if (!exited) throw new AssertionError("serve did not exit within " + timeout + "; output:\n" + printed);
            return new Exit(p.exitValue(), printed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) throw new AssertionError("server did not die on SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What the process printed so far (for failure messages). */
    String output() {
        synchronized (output) {
            return String.join("\n", output.subList(Math.max(0, output.size() - 80), output.size()));
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            if (!listening.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("server did not print 'listening on' within " + START_TIMEOUT + "; alive="
                        + process.isAlive() + "; output:\n" + output());
            }
            if (announcedPort != port) {
                throw new AssertionError("server announced port " + announcedPort + ", asked for " + port);
            }
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            try {
                while (true) {
                    try {
                        HttpResponse<String> r = client.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ok")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) return;
                    } catch (IOException notYet) {
                        // not accepting yet
                    }
                    if (System.nanoTime() > deadline || !process.isAlive()) {
                        throw new AssertionError("GET /ok never answered 200; output:\n" + output());
                    }
                    Thread.sleep(50); // polling /ok, not waiting for a guess
                }
            } finally {
                client.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void drainOutput() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find() && listening.getCount() > 0) {
                    announcedPort = Integer.parseInt(m.group(1));
                    listening.countDown();
                }
            }
        } catch (IOException ignored) {
            // the process died; what it printed is kept
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Graceful stop (SIGTERM), then SIGKILL if it lingers. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
