package io.spool.server;

import io.spool.config.ServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Spool inside a Java service: the same server as {@code ./spool serve}, started from code with graphs given as
 * objects instead of a {@code langgraph.json}.
 *
 * <pre>{@code
 * try (Spool spool = Spool.builder().graph("agent", compiledGraph).storage("sqlite").dataDir(Path.of("data"))
 *         .port(8123).start()) {
 *     ... spool.url() serves the Agent Server API ...
 * }
 * }</pre>
 *
 * A graph is a LangGraph4j {@code StateGraph} or {@code CompiledGraph} (with {@code spool-langgraph4j} on the class
 * path), or anything else an installed runtime adapter supports.
 */
public final class Spool implements AutoCloseable {

    private final SpoolServer server;
    private final String host;

    private Spool(SpoolServer server, String host) {
        this.server = server;
        this.host = host;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on (the one picked when the builder asked for port 0). */
    public int port() {
        return server.port();
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:8123}. */
    public URI url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port());
    }

    /** Stops gracefully: no new requests, runs ended and recorded, storage flushed and closed. */
    @Override
    public void close() {
        server.close();
    }

    /** What to serve and how; every setting has the default {@code ./spool serve} has. */
    public static final class Builder {

        private final Map<String, Object> graphs = new LinkedHashMap<>();
        private ServerConfig config = ServerConfig.defaults();

        private Builder() {
        }

        /** Serves {@code graph} as graph id {@code id}, with a system assistant of that name. */
        public Builder graph(String id, Object graph) {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(graph, "graph");
            if (id.isBlank()) throw new IllegalArgumentException("a graph id must not be blank");
            if (graphs.putIfAbsent(id, graph) != null) throw new IllegalArgumentException("graph " + id + " given twice");
            return this;
        }

        /** The interface to bind, {@code 127.0.0.1} by default. */
        public Builder host(String host) {
            config = config.withHost(Objects.requireNonNull(host, "host"));
            return this;
        }

        /** The port to bind, 8123 by default; 0 picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
            config = config.withPort(port);
            return this;
        }

        /** A storage backend by name: {@code sqlite} (the default) or {@code memory}, or any installed one. */
        public Builder storage(String storage) {
            config = config.withStorage(Objects.requireNonNull(storage, "storage"));
            return this;
        }

        /** Where {@code sqlite} keeps its file, {@code .spool} by default. */
        public Builder dataDir(Path dir) {
            config = config.withDataDir(Objects.requireNonNull(dir, "dir"));
            return this;
        }

        /** Starts the server; throws if a graph cannot be adapted, or the storage or the port cannot be used. */
        public Spool start() throws Exception {
            if (graphs.isEmpty()) throw new IllegalStateException("no graph to serve: call graph(id, graph) first");
            return new Spool(SpoolServer.start(config, graphs), config.host());
        }
    }
}
