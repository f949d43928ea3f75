package io.spool.storage.postgres;

/** A database error that is not an outage: never the client's fault, so it surfaces as a 500 and in the log. */
final class PostgresException extends RuntimeException {

    PostgresException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
