package io.spool.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar spool-server-VERSION.jar --config langgraph.json}, as a user starts it: the graphs come from a
 * jar that only the config names (the example graphs' jar, copied into a {@code lib/} folder next to it).
 */
class RunnableJarIT {

    private static final Path JAR = Path.of(System.getProperty("spool.jar", "target/missing.jar"));

    @Test
    void servesGraphsFromTheJarsTheConfigNames(@TempDir Path dir) throws Exception {
        assertThat(JAR).exists();
        Path config = writeConfig(dir, "[\"lib\"]");
        int port = freePort();
        Process server = java(dir, "-jar", JAR.toString(), "--config", config.toString(), "--port",
                Integer.toString(port), "--storage", "sqlite", "--data-dir", dir.resolve("data").toString());
        try {
            awaitListening(server, dir.resolve("out.log"));
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + port);
            HttpResponse<String> run = http.send(HttpRequest.newBuilder(base.resolve("/runs/wait"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"assistant_id\":\"chat\",\"input\":{\"messages\":[{\"type\":\"human\",\"content\":\"hi\"}]}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(run.statusCode()).isEqualTo(200);
            assertThat(run.body()).contains("Hello from the fake model!");
            HttpResponse<String> assistants = http.send(HttpRequest.newBuilder(base.resolve("/assistants/search"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(assistants.body()).contains("\"graph_id\":\"chat\"").contains("\"graph_id\":\"agent\"");
        } finally {
            server.destroy();
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    @Test
    void aDependencyThatDoesNotExistIsAOneLineErrorAtStart(@TempDir Path dir) throws Exception {
        Path config = writeConfig(dir, "[\"no-such-lib\"]");
        Process server = java(dir, "-jar", JAR.toString(), "--config", config.toString(), "--port", "0",
                "--storage", "memory");
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("out.log"));
        assertThat(server.exitValue()).isNotZero();
        assertThat(out).contains("dependency no-such-lib does not exist").doesNotContain("\tat ");
    }

    /** A langgraph.json naming two example graphs, their jar (when the build made one) copied to dir/lib. */
    private static Path writeConfig(Path dir, String dependencies) throws IOException {
        String examples = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> e.contains("spool-examples")).findFirst()
                .orElseThrow(() -> new IllegalStateException("spool-examples is not on the test class path"));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path source = Path.of(examples);
        if (Files.isDirectory(source)) {
            dependencies = dependencies.replace("\"lib\"", "\"" + source.toAbsolutePath() + "\"");
        } else {
            Files.copy(source, lib.resolve(source.getFileName()));
        }
        return Files.writeString(dir.resolve("langgraph.json"), """
                {"dependencies": %s,
                 "graphs": {"agent": "io.spool.examples.AgentGraph::graph",
                            "chat": "io.spool.examples.ChatGraph::graph"}}
                """.formatted(dependencies), StandardCharsets.UTF_8);
    }

    private static Process java(Path dir, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile()).start();
    }

    private static void awaitListening(Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String out = Files.exists(log) ? Files.readString(log) : "";
            if (out.contains("listening on http://")) return;
            if (!server.isAlive()) throw new AssertionError("the jar exited " + server.exitValue() + ":\n" + out);
            Thread.sleep(100);
        }
        throw new AssertionError("the jar did not start within 60 s:\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
