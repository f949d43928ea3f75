package io.spool.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.spool.config.ServerConfig;
import io.spool.server.SpoolServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The JWT example authenticator over real HTTP: HS256 tokens under a shared secret and RS256 tokens under a key of a
 * JWKS the test serves on loopback; a valid token's subject owns its threads, anything else is 401.
 */
class JwtAuthTest {

    private static final String SECRET = "a-shared-hs256-secret-of-32-bytes-or-more";
    private static final String ISSUER = "https://issuer.test";

    @TempDir
    static Path dir;
    private static RSAKey signingKey;
    private static HttpServer jwks;
    private static SpoolServer server;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("key-1").generate();
        byte[] published = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/.well-known/jwks.json", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, published.length);
            ex.getResponseBody().write(published);
            ex.close();
        });
        jwks.start();
        Path config = Files.writeString(dir.resolve("langgraph.json"), Json.write(Map.of(
                "graphs", Map.of("agent", "io.spool.examples.AgentGraph::graph"),
                "auth", Map.of("class", "io.spool.examples.auth.JwtAuthenticator", "hs256_secret", SECRET,
                        "jwks_url", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json",
                        "issuer", ISSUER, "audience", "spool"))));
        server = SpoolServer.start(ServerConfig.defaults().withPort(0).withStorage("memory").withGraphsConfig(config));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (jwks != null) jwks.stop(0);
    }

    private static JWTClaimsSet.Builder claims(String sub) {
        return new JWTClaimsSet.Builder().subject(sub).issuer(ISSUER).audience("spool")
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }

    private static String hs256(JWTClaimsSet claims, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static String rs256(JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static Http.Response call(String token, String method, String path, Object body) {
        return http.send(method, path, body == null ? null : Json.write(body),
                token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void aValidTokensSubjectOwnsItsThreadsAndCarriesItsClaimsIntoRuns() throws Exception {
        String alice = hs256(claims("alice").claim("scope", "threads:write runs:write")
                .claim("email", "alice@example.com").build(), SECRET);
        String bob = rs256(claims("bob").build(), signingKey);

        Http.Response created = call(alice, "POST", "/threads", Map.of());
        assertThat(created.status()).isEqualTo(200);
        String t = Json.str(created.json(), "thread_id");
        assertThat(created.json().get("metadata").get("owner").asString()).isEqualTo("alice");
        Http.Response run = call(alice, "POST", "/threads/" + t + "/runs/wait", Map.of("assistant_id", "agent",
                "input", Map.of("items", List.of("x")), "config", Map.of("configurable", Map.of("delay_ms", 0))));
        assertThat(run.status()).isEqualTo(200);
        JsonNode user = call(alice, "GET", "/threads/" + t + "/runs", null).json().get(0).get("kwargs")
                .get("config").get("configurable").get("langgraph_auth_user");
        assertThat(user.get("identity").asString()).isEqualTo("alice");
        assertThat(user.get("email").asString()).isEqualTo("alice@example.com");
        assertThat(Json.strings(user.get("permissions"))).containsExactlyInAnyOrder("threads:write", "runs:write");

        // bob's token (RS256, its key from the JWKS) is valid, but alice's thread does not exist for him
        assertThat(call(bob, "GET", "/threads/" + t, null).status()).isEqualTo(404);
        assertThat(call(bob, "POST", "/threads/search", Map.of()).json().size()).isZero();
        Http.Response his = call(bob, "POST", "/threads", Map.of());
        assertThat(his.json().get("metadata").get("owner").asString()).isEqualTo("bob");
        assertThat(call(alice, "GET", "/threads/" + Json.str(his.json(), "thread_id"), null).status()).isEqualTo(404);
        assertThat(call(alice, "GET", "/threads/" + t, null).status()).isEqualTo(200);
    }

    @Test
    void expiredWronglySignedAndOtherwiseInvalidTokensAre401() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("key-1").generate(); // same kid, not the published key
        Map<String, String> tokens = new java.util.LinkedHashMap<>();
        tokens.put("expired", hs256(claims("alice").expirationTime(Date.from(Instant.now().minusSeconds(600)))
                .build(), SECRET));
        tokens.put("bad HS256 signature", hs256(claims("alice").build(), "another-secret-that-is-32-bytes-long!!"));
        tokens.put("RS256 by a key not in the JWKS", rs256(claims("alice").build(), stranger));
        tokens.put("wrong issuer", hs256(claims("alice").issuer("https://elsewhere.test").build(), SECRET));
        tokens.put("wrong audience", hs256(claims("alice").audience("other").build(), SECRET));
        tokens.put("no subject", hs256(new JWTClaimsSet.Builder().issuer(ISSUER).audience("spool")
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build(), SECRET));
        tokens.put("unsigned (alg none)", new PlainJWT(claims("alice").build()).serialize());
        tokens.put("not a JWT", "just-some-opaque-token");
        String valid = hs256(claims("alice").build(), SECRET);
        tokens.put("tampered payload", valid.substring(0, valid.indexOf('.') + 1)
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims("bob").build().toString()
                .getBytes(StandardCharsets.UTF_8)) + valid.substring(valid.lastIndexOf('.')));
        for (Map.Entry<String, String> e : tokens.entrySet()) {
            Http.Response r = call(e.getValue(), "POST", "/threads", Map.of());
            assertThat(r.status()).as(e.getKey() + ": " + r.body()).isEqualTo(401);
            assertThat(r.header("www-authenticate")).as(e.getKey()).startsWith("Bearer");
            assertThat(Json.str(r.json(), "detail")).as(e.getKey()).isNotBlank();
        }
        Http.Response none = call(null, "POST", "/threads/search", Map.of());
        assertThat(none.status()).isEqualTo(401);
        assertThat(Json.str(none.json(), "detail")).contains("Bearer");
        assertThat(call(valid, "POST", "/threads/search", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void theExampleConfigStartsAServerThatWantsTokens() throws Exception {
        Path example = Path.of("jwt-auth.json"); // spool-examples/jwt-auth.json, tests run in the module's folder
        assertThat(Json.parse(Files.readString(example)).get("auth").get("class").asString())
                .isEqualTo("io.spool.examples.auth.JwtAuthenticator");
        try (SpoolServer s = SpoolServer.start(ServerConfig.defaults().withPort(0).withStorage("memory")
                .withGraphsConfig(example))) {
            Http h = new Http(s.port());
            assertThat(h.post("/threads", "{}").status()).isEqualTo(401);
            assertThat(h.get("/ok").status()).isEqualTo(200);
        }
    }
}
