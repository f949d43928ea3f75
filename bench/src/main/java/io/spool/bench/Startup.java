package io.spool.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * #7: start-up to the first {@code 200} from {@code GET /ok}: spawns the command after {@code --}, polls
 * {@code --url}/ok every millisecond over a fresh socket, and reports spawn → first 200. The spawned process is
 * left running (its pid goes to {@code --pidfile}, so the caller stops it by pid); with {@code --wait-exit} the
 * command itself is awaited after that (for the peer's {@code ./start.sh}, which returns once the server is up).
 */
final class Startup {

    private Startup() {
    }

    static void run(Args a) throws Exception {
        String url = a.required("url");
        List<String> cmd = a.rest();
        if (cmd.isEmpty()) throw new IllegalArgumentException("startup needs a command after --");
        long timeoutS = a.num("timeout-s", 180);
        Results r = new Results("startup", a);
        if (SseConnection.statusOf(url, "/ok", 500) >= 0) throw new IllegalStateException(url + " already answers");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(a.str("log", "/dev/null"))));
        String dir = a.str("dir", null);
        if (dir != null) pb.directory(new File(dir));
        long t0 = System.nanoTime();
        Process p = pb.start();
        String pidfile = a.str("pidfile", null);
        if (pidfile != null) Files.writeString(Path.of(pidfile), Long.toString(p.pid()));
        long deadline = t0 + timeoutS * 1_000_000_000L;
        int status = -1;
        while (System.nanoTime() < deadline) {
            status = SseConnection.statusOf(url, "/ok", 1000);
            if (status == 200) break;
            if (!p.isAlive() && !a.flag("wait-exit")) throw new IllegalStateException("server exited with " + p.exitValue());
            Thread.sleep(1);
        }
        long t1 = System.nanoTime();
        if (status != 200) throw new IllegalStateException("no 200 from " + url + "/ok within " + timeoutS + " s");
        if (a.flag("wait-exit")) p.waitFor();
        r.put("ms_to_first_ok", Clock.ms(t1 - t0));
    }
}
