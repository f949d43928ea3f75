package io.spool.http;

import io.spool.errors.ApiError;
import io.spool.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** One request and its response, with blocking I/O: every handler runs on its own virtual thread. */
public final class Exchange {

    private static final int MAX_BODY = 32 * 1024 * 1024;

    private final Request request;
    private final Response response;
    private final Map<String, String> pathParams;
    private Fields query;
    private boolean committed;

    Exchange(Request request, Response response, Map<String, String> pathParams) {
        this.request = request;
        this.response = response;
        this.pathParams = pathParams;
    }

    public String path(String name) {
        return pathParams.get(name);
    }

    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The last value of a query parameter, or null. */
    public String query(String name) {
        List<String> all = queryAll(name);
        return all.isEmpty() ? null : all.getLast();
    }

    public List<String> queryAll(String name) {
        if (query == null) query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        Fields.Field f = query.get(name);
        return f == null ? List.of() : f.getValues();
    }

    /** The raw query string ("" when none). */
    public String rawQuery() {
        String q = request.getHttpURI().getQuery();
        return q == null ? "" : q;
    }

    /** The request body as a JSON object; an absent or empty body is {@code {}}. */
    public JsonBody body() {
        JsonNode node = bodyNode();
        if (node == null) return new JsonBody(Json.object());
        if (!node.isObject()) throw ApiError.invalid("Request body must be a JSON object");
        return new JsonBody(node);
    }

    /** The request body as it came (protocols with their own JSON reading, such as MCP, parse it themselves). */
    public byte[] bodyBytes() {
        byte[] bytes;
        try (InputStream in = Request.asInputStream(request)) {
            bytes = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw ApiError.badRequest("Could not read the request body: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY) throw ApiError.invalid("Request body is larger than " + MAX_BODY + " bytes");
        return bytes;
    }

    private JsonNode bodyNode() {
        byte[] bytes = bodyBytes();
        if (isBlank(bytes)) return null;
        try {
            return Json.tree(bytes);
        } catch (JacksonException e) {
            throw ApiError.invalid("Request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
        }
        return true;
    }

    public void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    public void json(int status, Object body) {
        byte[] bytes = Json.bytes(body);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        write(true, bytes);
    }

    /** A whole response of already encoded bytes. */
    public void respond(int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        write(true, body);
    }

    public void json(Object body) {
        json(200, body);
    }

    public void noContent(int status) {
        response.setStatus(status);
        write(true, new byte[0]);
    }

    /** Starts a streamed response of unknown length (SSE, or {@code /wait} with keep-alive newlines). */
    public void startStream(int status, String contentType) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        write(false, new byte[0]);
    }

    /** Writes bytes and blocks until they are handed to the network; throws when the client has gone. */
    public void write(boolean last, byte[] bytes) {
        committed = true;
        Callback.Completable done = new Callback.Completable();
        response.write(last, ByteBuffer.wrap(bytes), done);
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientGoneException(e);
        } catch (ExecutionException e) {
            throw new ClientGoneException(e.getCause());
        }
    }

    public boolean committed() {
        return committed || response.isCommitted();
    }

    /** Thrown when writing fails because the client disconnected. */
    public static final class ClientGoneException extends RuntimeException {
        ClientGoneException(Throwable cause) {
            super(cause == null ? "client gone" : cause.toString(), cause, false, false);
        }
    }
}
