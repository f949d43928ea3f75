package io.spool.a2a;

/**
 * A JSON-RPC error answered to an A2A call: a code from JSON-RPC 2.0 or the A2A range and a message in the caller's
 * terms. Thrown anywhere below the endpoint, written by it as the {@code error} of the response.
 */
final class A2aError extends RuntimeException {

    static final int PARSE_ERROR = -32700;
    static final int INVALID_REQUEST = -32600;
    static final int METHOD_NOT_FOUND = -32601;
    static final int INVALID_PARAMS = -32602;
    static final int INTERNAL_ERROR = -32603;
    static final int TASK_NOT_FOUND = -32001;
    static final int TASK_NOT_CANCELABLE = -32002;
    static final int UNSUPPORTED_OPERATION = -32004;
    static final int CONTENT_TYPE_NOT_SUPPORTED = -32005;

    final int code;

    A2aError(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    static A2aError invalidParams(String message) {
        return new A2aError(INVALID_PARAMS, message);
    }

    static A2aError taskNotFound(String taskId) {
        return new A2aError(TASK_NOT_FOUND, "Task " + taskId + " not found");
    }
}
