package io.spool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.config.ServerConfig;
import io.spool.server.SpoolServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The defaults of a local server (auth off): pages on localhost (a dev UI on another port) may call it, with CORS
 * headers naming their origin; any other page is refused with 403 before anything happens, form posts included;
 * clients that send no Origin (curl, the SDKs) are unaffected.
 */
class BrowserPolicyTest {

    private static SpoolServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        server = SpoolServer.start(ServerConfig.defaults().withPort(0).withStorage("memory"));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void localhostPagesGetCorsHeadersForTheirOriginOnly() {
        Http.Response r = http.send("POST", "/threads/search", "{}", Map.of("Origin", "http://localhost:5173"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("access-control-allow-origin")).isEqualTo("http://localhost:5173");
        assertThat(r.header("access-control-expose-headers")).contains("Content-Location");
        assertThat(r.header("vary")).contains("Origin");
        Http.Response preflight = http.send("OPTIONS", "/threads", null, Map.of("Origin", "http://127.0.0.1:3000",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"));
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("access-control-allow-origin")).isEqualTo("http://127.0.0.1:3000");
        assertThat(preflight.header("access-control-allow-origin")).isNotEqualTo("*");
    }

    @Test
    void anyOtherPageIsRefusedBeforeAnythingHappens() {
        long before = http.postJson("/threads/count", Map.of()).json().asLong();
        // what a form post from a web page the developer opened would send
        Http.Response form = http.send("POST", "/threads", "metadata=x", Map.of("Origin", "https://evil.example"));
        assertThat(form.status()).isEqualTo(403);
        assertThat(form.contentType()).startsWith("application/json");
        assertThat(Json.str(form.json(), "detail")).contains("https://evil.example");
        assertThat(form.header("access-control-allow-origin")).isNull();
        assertThat(http.send("OPTIONS", "/threads", null, Map.of("Origin", "https://evil.example",
                "Access-Control-Request-Method", "DELETE")).status()).isEqualTo(403);
        assertThat(http.send("POST", "/threads", "{}", Map.of("Origin", "null")).status()).isEqualTo(403);
        assertThat(http.postJson("/threads/count", Map.of()).json().asLong()).isEqualTo(before);
        // no Origin: curl, server-side SDKs
        assertThat(http.postJson("/threads", Map.of()).status()).isEqualTo(200);
    }
}
