package io.spool.it;

import io.spool.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * A storage backend as the HTTP tests start a server on it, in process ({@link ServerContract}) or as a process of
 * its own ({@link ServerProcess}). A backend that needs services (a database, Redis) or settings implements this and
 * a contract subclass returns it from {@link ServerContract#backend()}; the contracts themselves do not change.
 */
interface Backend {

    /** What {@code --storage} calls it. */
    String name();

    /** The config of an in-process server on this backend; {@code dataDir} is fresh and deleted afterwards. */
    default ServerConfig configure(ServerConfig base, Path dataDir) {
        return base.withStorage(name()).withDataDir(dataDir);
    }

    /** The {@code serve} arguments that select this backend for a server process. */
    default List<String> serveArguments(Path dataDir) {
        return List.of("--storage", name(), "--data-dir", dataDir.toString());
    }

    /** A backend that needs nothing but its name and a data directory ({@code memory}, {@code sqlite}). */
    static Backend named(String name) {
        return () -> name;
    }
}
