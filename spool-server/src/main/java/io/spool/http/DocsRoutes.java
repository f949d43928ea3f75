package io.spool.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /openapi.json}, the API's OpenAPI document (a resource written by hand and checked against real responses
 * by the contract test), and {@code GET /docs}, a page that renders it without any external resource.
 */
final class DocsRoutes {

    static final String OPENAPI_RESOURCE = "/spool/openapi.json";
    static final String DOCS_RESOURCE = "/spool/docs.html";

    private final byte[] openapi = resource(OPENAPI_RESOURCE);
    private final byte[] docs = resource(DOCS_RESOURCE);

    void register(Router r) {
        r.add("GET", "/openapi.json", ex -> send(ex, openapi, "application/json"));
        r.add("GET", "/docs", ex -> send(ex, docs, "text/html; charset=utf-8"));
    }

    private static void send(Exchange ex, byte[] body, String contentType) {
        ex.header("Cache-Control", "no-cache");
        ex.respond(200, contentType, body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = DocsRoutes.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
