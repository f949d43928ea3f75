package io.spool.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --storage postgres} as an operator meets it: /info names it; a missing service is one line, exit 2. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresStartupTest {

    @TempDir
    Path dir;

    @Test
    void infoNamesTheStorage() throws Exception {
        try (ServerProcess server = ServerProcess.start(new PostgresBackend(), dir); Http http = new Http(server.port())) {
            assertEquals("postgres", Json.str(http.get("/info").json(), "storage"));
            assertEquals(200, http.get("/ok?check_db=1").status());
        }
    }

    @Test
    void anUnreachableDatabaseOrRedisIsOneLineAndExitStatus2() throws Exception {
        PostgresBackend.assumeServices();
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String db = new PostgresBackend().databaseUrl();
        Outcome noDb = serve("--postgres-url", "postgresql://postgres@127.0.0.1:" + closed + "/spool", "--redis-url",
                PostgresBackend.redisUrl());
        assertEquals(2, noDb.status(), noDb::toString);
        assertEquals(1, noDb.lines().size(), noDb::toString);
        assertTrue(noDb.lines().getFirst().startsWith("spool: cannot start: cannot reach PostgreSQL at 127.0.0.1:"
                + closed + "/spool"), noDb::toString);

        Outcome noRedis = serve("--postgres-url", db, "--redis-url", "redis://127.0.0.1:" + closed);
        assertEquals(2, noRedis.status(), noRedis::toString);
        assertEquals(1, noRedis.lines().size(), noRedis::toString);
        assertTrue(noRedis.lines().getFirst().startsWith("spool: cannot start: cannot reach Redis at redis://127.0.0.1:"
                + closed), noRedis::toString);

        Outcome noUrl = serve("--redis-url", PostgresBackend.redisUrl());
        assertEquals(2, noUrl.status(), noUrl::toString);
        assertTrue(noUrl.lines().getFirst().contains("--storage postgres needs --postgres-url"), noUrl::toString);
    }

    private record Outcome(int status, List<String> lines) {
    }

    private Outcome serve(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", classPath,
                "io.spool.server.Main", "serve", "--port", "0", "--storage", "postgres"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "serve", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SPOOL_"));
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("serve did not exit: " + Files.readString(out));
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("usage:") && !l.startsWith("  ")).toList();
        return new Outcome(p.exitValue(), lines);
    }
}
