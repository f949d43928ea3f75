package io.spool.storage.sqlite;

/** A database failure: never the client's fault, so it surfaces as a 500 and in the log. */
final class StorageException extends RuntimeException {

    StorageException(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
