package io.spool.graphs;

/** The graphs config names something that cannot be served; the server refuses to start with this message. */
public final class GraphConfigException extends RuntimeException {

    public GraphConfigException(String message) {
        super(message);
    }

    public GraphConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
