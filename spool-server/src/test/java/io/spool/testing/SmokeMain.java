package io.spool.testing;

import io.spool.config.ServerConfig;
import io.spool.server.SpoolServer;
import java.nio.file.Path;

/** Starts a memory server with the fake graph, for poking at by hand. */
public final class SmokeMain {
    public static void main(String[] args) throws Exception {
        SpoolServer s = SpoolServer.start(ServerConfig.defaults().withPort(Integer.parseInt(args[0]))
                .withStorage(args.length > 1 ? args[1] : "memory").withDataDir(Path.of("/tmp/spool-smoke"))
                .withGraphsConfig(Path.of("spool-server/src/test/resources/steps-graphs.json")));
        Thread.currentThread().join();
    }
}
