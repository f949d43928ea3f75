package io.spool.http;

import io.spool.json.Json;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a malformed URI or header, headers too large, a failure before a route runs) as the
 * API's {@code {"detail": ...}} JSON instead of its HTML pages; details never carry a class name.
 */
public final class JsonErrorHandler extends ErrorHandler {

    /** Every method gets a body: Jetty's default answers only GET, POST and HEAD with one (PATCH got an empty 400). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = Json.bytes(Map.of("detail", detail(code, message)));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** Answers to requests Jetty could not parse at all (the connection is closed after them). */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(Json.bytes(Map.of("detail", detail(status, reason))));
    }

    static String detail(int code, String message) {
        String reason = HttpStatus.getMessage(code);
        if (code >= 500) return reason + " (the server log has the cause)";
        if (message == null || message.isBlank() || message.contains("java.") || message.contains("jetty")
                || message.contains("Exception")) {
            return reason;
        }
        return message.equals(reason) ? reason : reason + ": " + message;
    }
}
