package io.spool.errors;

/**
 * A request the server refuses, with the status class and a message for the client. Thrown by the core; the HTTP
 * layer turns it into {@code {"detail": message}} with the status.
 */
public final class ApiError extends RuntimeException {

    private final int status;

    private ApiError(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Any 4xx status, for refusals the named ones do not cover (401, 403, 429...). */
    public static ApiError of(int status, String detail) {
        if (status < 400 || status > 499) throw new IllegalArgumentException("not a client error: " + status);
        return new ApiError(status, detail);
    }

    public static ApiError badRequest(String detail) {
        return new ApiError(400, detail);
    }

    public static ApiError notFound(String detail) {
        return new ApiError(404, detail);
    }

    public static ApiError conflict(String detail) {
        return new ApiError(409, detail);
    }

    public static ApiError invalid(String detail) {
        return new ApiError(422, detail);
    }

    public static ApiError tooLarge(String detail) {
        return new ApiError(413, detail);
    }

    public static ApiError methodNotAllowed(String detail) {
        return new ApiError(405, detail);
    }

    public static ApiError notImplemented(String detail) {
        return new ApiError(501, detail);
    }

    public static ApiError threadNotFound(String threadId) {
        return notFound("Thread with ID " + threadId + " not found");
    }
}
