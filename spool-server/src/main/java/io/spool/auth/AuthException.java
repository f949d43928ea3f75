package io.spool.auth;

/** A refused request: 401 (who are you?) or 403 (not allowed), with a detail the client reads. */
public final class AuthException extends RuntimeException {

    private final int status;

    public AuthException(int status, String detail) {
        super(detail);
        if (status != 401 && status != 403) throw new IllegalArgumentException("status must be 401 or 403");
        this.status = status;
    }

    public static AuthException unauthorized(String detail) {
        return new AuthException(401, detail);
    }

    public static AuthException forbidden(String detail) {
        return new AuthException(403, detail);
    }

    public int status() {
        return status;
    }
}
