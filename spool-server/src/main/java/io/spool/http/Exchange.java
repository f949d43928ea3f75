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

    /**
     * The largest request body read, 10 MiB unless {@code SPOOL_MAX_BODY_MIB} (or the system property
     * {@code spool.maxBodyMib}) says otherwise; a larger one is answered 413 without reading the rest.
     */
    static final int MAX_BODY = maxBody();

    private static int maxBody() {
        String v = System.getProperty("spool.maxBodyMib", System.getenv("SPOOL_MAX_BODY_MIB"));
        int mib = 10;
        if (v != null && !v.isBlank()) {
            try {
                mib = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("SPOOL_MAX_BODY_MIB must be a whole number of MiB, got " + v);
            }
            if (mib < 1 || mib > 1024) throw new IllegalArgumentException("SPOOL_MAX_BODY_MIB must be 1 to 1024");
        }
        return mib * 1024 * 1024;
    }

    private final Request request;
    private final Response response;
    private final Map<String, String> pathParams;
    private Fields query;
    private boolean committed;
    private java.util.function.BooleanSupplier serverStopping = () -> false;
    private Runnable onStreamStart = () -> { };

    Exchange(Request request, Response response, Map<String, String> pathParams) {
        this.request = request;
        this.response = response;
        this.pathParams = pathParams;
    }

    /** Set by the router: whether the server is ending its open streams (it is stopping). */
    void serverStopping(java.util.function.BooleanSupplier stopping) {
        this.serverStopping = stopping;
    }

    /** Set by the router: told once when this response becomes a stream (for the open-streams gauge). */
    void onStreamStart(Runnable listener) {
        this.onStreamStart = listener;
    }

    /** Whether the server is stopping and a long response should end now, saying why. */
    public boolean serverStopping() {
        return serverStopping.getAsBoolean();
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
        if (query == null) {
            try {
                query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                // Jetty refuses a malformed escape (%zz, a cut %4) or bytes that are not UTF-8
                throw ApiError.badRequest("The query string is malformed: every '%' must be followed by two hex "
                        + "digits, and escapes must decode to UTF-8");
            }
        }
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

    /** The request body as a JSON array of objects, for batch endpoints; anything else is a 422. */
    public List<JsonBody> bodyArray() {
        JsonNode node = bodyNode();
        if (node == null || !node.isArray()) throw ApiError.invalid("Request body must be a JSON array");
        List<JsonBody> items = new java.util.ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isObject()) throw ApiError.invalid("Every item of the request body must be a JSON object");
            items.add(new JsonBody(item));
        }
        return items;
    }

    /** The request body as it came (protocols with their own JSON reading, such as MCP, parse it themselves). */
    public byte[] bodyBytes() {
        long declared = request.getLength();
        if (declared > MAX_BODY) throw tooLarge();
        byte[] bytes;
        try (InputStream in = Request.asInputStream(request)) {
            bytes = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw ApiError.badRequest("Could not read the request body (the client stopped sending it?)");
        }
        if (bytes.length > MAX_BODY) throw tooLarge();
        return bytes;
    }

    /**
     * Reads and drops what is left of the request body (up to the size limit), so the connection can carry the
     * client's next request. An error is often answered before the body is read; if part of the body has not even
     * arrived then, Jetty closes the connection after a response that did not say so, and a client that already
     * sent its next request on it sees the connection close under that request.
     */
    void discardBody() {
        if (request.getLength() == 0) return;
        try (InputStream in = Request.asInputStream(request)) {
            long left = MAX_BODY;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) return;
                    skipped = 1;
                }
                left -= skipped;
            }
        } catch (IOException | RuntimeException gone) {
            // the client stopped sending: the connection ends anyway
        }
    }

    private static ApiError tooLarge() {
        // the connection is closed after the answer, so the rest of the body is never read
        return ApiError.tooLarge("Request body is larger than " + (MAX_BODY / (1024 * 1024)) + " MiB (the limit "
                + "is set by SPOOL_MAX_BODY_MIB)");
    }

    private JsonNode bodyNode() {
        byte[] bytes = bodyBytes();
        if (isBlank(bytes)) return null;
        JsonNode node;
        try {
            node = Json.tree(bytes);
        } catch (JacksonException e) {
            throw ApiError.invalid("Request body is not valid JSON: " + JsonProblems.describe(e));
        }
        String surrogate = JsonProblems.loneSurrogate(node);
        if (surrogate != null) {
            throw ApiError.invalid("Request body has a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff escape) at "
                    + surrogate + ": it cannot be stored as text");
        }
        return node;
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
        onStreamStart.run();
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
