package io.spool.storage;

/**
 * The backend cannot be reached right now (a database or Redis that is down or restarting): the request may succeed
 * if retried later. The server answers it with 503; at start-up it is a one-line error and exit status 2. The message
 * names what is unreachable in the operator's terms.
 */
public final class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
