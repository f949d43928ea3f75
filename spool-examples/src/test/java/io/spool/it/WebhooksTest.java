package io.spool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.config.ServerConfig;
import io.spool.it.WebhookReceiver.Answer;
import io.spool.it.WebhookReceiver.Received;
import io.spool.server.SpoolServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Run webhooks over real HTTP: a receiver on loopback (allowed by the config's {@code webhooks.allow_hosts}) gets the
 * run when it ends, signed, from every way of creating runs; retries and redirects; and SSRF-unsafe URLs refused with
 * 422 at creation.
 */
class WebhooksTest {

    private static final String SECRET = "a-webhook-secret-for-tests";
    private static final Duration ARRIVES = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static SpoolServer server;
    private static Http http;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
        Path config = Files.writeString(dir.resolve("langgraph.json"), Json.write(Map.of(
                "graphs", Map.of("agent", "io.spool.examples.AgentGraph::graph"),
                "webhooks", Map.of("allow_hosts", List.of("127.0.0.1"), "secret", SECRET))));
        server = SpoolServer.start(ServerConfig.defaults().withPort(0).withStorage("memory").withGraphsConfig(config));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (receiver != null) receiver.close();
    }

    private static Map<String, Object> run(String webhook, Map<String, Object> configurable) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("assistant_id", "agent");
        body.put("input", Map.of("items", List.of("hi")));
        Map<String, Object> c = new LinkedHashMap<>(Map.of("delay_ms", 0));
        c.putAll(configurable);
        body.put("config", Map.of("configurable", c));
        if (webhook != null) body.put("webhook", webhook);
        return body;
    }

    private static String newThread() {
        return Json.str(http.postJson("/threads", Map.of()).json(), "thread_id");
    }

    private static Received arrived(String path) throws InterruptedException {
        Received r = receiver.next(path, ARRIVES);
        assertThat(r).as("a webhook at " + path).isNotNull();
        return r;
    }

    /** Errors of a payload against {@code RunWebhook} of the served OpenAPI document. */
    private static List<String> schemaErrors(JsonNode payload) {
        tools.jackson.databind.node.ObjectNode wrapper = Json.MAPPER.createObjectNode();
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapper.set("components", http.get("/openapi.json").json().get("components"));
        wrapper.putArray("allOf").addObject().put("$ref", "#/components/schemas/RunWebhook");
        com.networknt.schema.Schema schema = com.networknt.schema.SchemaRegistry.withDefaultDialect(
                com.networknt.schema.SpecificationVersion.DRAFT_2020_12).getSchema(wrapper);
        return schema.validate(payload).stream().map(Object::toString).toList();
    }

    @Test
    void aRunThatEndsPostsItselfWithItsValuesSigned() throws Exception {
        String t = newThread();
        Http.Response waited = http.postJson("/threads/" + t + "/runs/wait", run(receiver.url("/done"), Map.of()));
        assertThat(waited.status()).isEqualTo(200);

        Received hook = arrived("/done");
        assertThat(hook.method()).isEqualTo("POST");
        assertThat(hook.header("content-type")).isEqualTo("application/json");
        JsonNode p = Json.parse(hook.body());
        String runId = Json.str(p, "run_id");
        assertThat(Json.str(p, "thread_id")).isEqualTo(t);
        assertThat(Json.str(p, "assistant_id")).isNotBlank();
        assertThat(Json.str(p, "status")).isEqualTo("success");
        assertThat(p.get("kwargs").get("webhook").asString()).isEqualTo(receiver.url("/done"));
        assertThat(Json.strings(p.get("values").get("items"))).containsExactly("hi", "step1", "step2", "step3");
        for (String f : List.of("created_at", "updated_at", "run_started_at", "run_ended_at", "webhook_sent_at")) {
            assertThat(Json.str(p, f)).as(f).isNotBlank();
        }
        assertThat(p.has("error")).isFalse();
        assertThat(schemaErrors(p)).as("the payload is the OpenAPI document's RunWebhook").isEmpty();
        // the run as the API shows it
        assertThat(Json.str(http.get("/threads/" + t + "/runs/" + runId).json(), "status")).isEqualTo("success");

        // Standard Webhooks signature: HMAC-SHA256 of "<id>.<timestamp>.<body>" under the configured secret
        assertThat(hook.header("webhook-id")).isEqualTo(runId);
        long ts = Long.parseLong(hook.header("webhook-timestamp"));
        assertThat(Math.abs(ts - System.currentTimeMillis() / 1000)).isLessThan(60);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal((runId + "." + ts + "." + hook.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(hook.header("webhook-signature")).isEqualTo("v1," + expected);
    }

    @Test
    void everyWayOfCreatingARunCallsItsWebhook() throws Exception {
        String t = newThread();
        assertThat(http.postJson("/threads/" + t + "/runs", run(receiver.url("/bg"), Map.of())).status()).isEqualTo(200);
        assertThat(Json.str(Json.parse(arrived("/bg").body()), "status")).isEqualTo("success");

        try (SseStream s = http.postStream("/threads/" + t + "/runs/stream",
                run(receiver.url("/stream"), Map.of())).expectOk()) {
            s.untilEnd(Duration.ofSeconds(20));
        }
        assertThat(Json.str(Json.parse(arrived("/stream").body()), "thread_id")).isEqualTo(t);

        assertThat(http.postJson("/runs/wait", run(receiver.url("/stateless-wait"), Map.of())).status()).isEqualTo(200);
        JsonNode stateless = Json.parse(arrived("/stateless-wait").body());
        assertThat(stateless.get("kwargs").get("temporary").asBoolean()).isTrue();
        assertThat(Json.strings(stateless.get("values").get("items"))).contains("step3");

        assertThat(http.postJson("/runs", run(receiver.url("/stateless"), Map.of())).status()).isEqualTo(200);
        arrived("/stateless");

        Http.Response batch = http.postJson("/runs/batch", List.of(run(receiver.url("/batch"), Map.of()),
                run(receiver.url("/batch"), Map.of())));
        assertThat(batch.status()).isEqualTo(200);
        Received first = arrived("/batch");
        Received second = arrived("/batch");
        assertThat(List.of(first.header("webhook-id"), second.header("webhook-id")))
                .containsExactlyInAnyOrder(Json.str(batch.json().get(0), "run_id"),
                        Json.str(batch.json().get(1), "run_id"));
    }

    @Test
    void aFailedRunSendsItsErrorAndAFailingReceiverNeitherDelaysNorFailsTheRun() throws Exception {
        String t = newThread();
        Http.Response failed = http.postJson("/threads/" + t + "/runs/wait",
                run(receiver.url("/failed"), Map.of("fail_at", "step2")));
        assertThat(failed.status()).isEqualTo(200);
        JsonNode p = Json.parse(arrived("/failed").body());
        assertThat(Json.str(p, "status")).isEqualTo("error");
        assertThat(Json.str(p, "error")).isNotBlank();
        assertThat(schemaErrors(p)).isEmpty();

        // a cancelled run ends too
        String slow = Json.str(http.postJson("/threads/" + t + "/runs",
                run(receiver.url("/cancelled"), Map.of("delay_ms", 5000))).json(), "run_id");
        assertThat(http.post("/threads/" + t + "/runs/" + slow + "/cancel", "").status()).isLessThan(300);
        JsonNode cancelled = Json.parse(arrived("/cancelled").body());
        assertThat(Json.str(cancelled, "run_id")).isEqualTo(slow);
        assertThat(Json.str(cancelled, "status")).isEqualTo("interrupted");

        // nothing listens on the receiver's port once closed: the run still succeeds, at once
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        long began = System.nanoTime();
        Http.Response ok = http.postJson("/threads/" + t + "/runs/wait",
                run("http://127.0.0.1:" + closedPort + "/nobody", Map.of()));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(Json.strings(ok.json().get("items"))).contains("step3");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        assertThat(Json.str(http.get("/threads/" + t).json(), "status")).isEqualTo("idle");
    }

    @Test
    void transientFailuresAreRetriedAndRedirectsFollowedOnlyWhereAWebhookMayGo() throws Exception {
        receiver.script("/refuses", n -> new Answer(400, null));
        receiver.script("/moved", n -> new Answer(307, "/moved-here"));
        receiver.script("/to-localhost", n -> new Answer(307, "http://localhost:" + receiver.port() + "/not-here"));
        receiver.script("/to-metadata", n -> new Answer(302, "http://169.254.169.254/latest/meta-data/"));
        receiver.script("/loop", n -> new Answer(308, "/loop"));
        receiver.script("/flaky", n -> new Answer(n == 1 ? 503 : 200, null));
        for (String path : List.of("/refuses", "/to-localhost", "/to-metadata", "/loop", "/moved", "/flaky")) {
            http.postJson("/runs/wait", run(receiver.url(path), Map.of()));
        }
        Received moved = arrived("/moved-here");
        assertThat(moved.method()).isEqualTo("POST"); // 307 keeps the method and body
        assertThat(Json.str(Json.parse(moved.body()), "status")).isEqualTo("success");
        assertThat(moved.header("webhook-signature")).startsWith("v1,");

        // a 503 is retried (after 1 s) with the same delivery id
        Received first = arrived("/flaky");
        Received retried = arrived("/flaky");
        assertThat(retried.header("webhook-id")).isEqualTo(first.header("webhook-id"));
        assertThat(Json.str(Json.parse(retried.body()), "run_id")).isEqualTo(first.header("webhook-id"));

        // by then, the deliveries that ended for good, all started earlier, would have been retried too
        Thread.sleep(300);
        assertThat(receiver.count("/refuses")).as("a 400 is not retried").isEqualTo(1);
        assertThat(receiver.count("/to-localhost")).isEqualTo(1);
        assertThat(receiver.count("/not-here")).as("localhost is not on the allowlist, only 127.0.0.1").isZero();
        assertThat(receiver.count("/to-metadata")).isEqualTo(1);
        assertThat(receiver.count("/loop")).as("the first request and three redirects").isEqualTo(4);
        assertThat(receiver.count("/flaky")).isEqualTo(2);
    }

    @Test
    void unsafeWebhookUrlsAre422AtCreationOnEveryPath() {
        String t = newThread();
        List<String> unsafe = List.of("http://localhost:" + receiver.port() + "/x", "http://10.1.2.3/x",
                "http://192.168.0.1/", "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data/",
                "http://[fd00:ec2::254]/", "http://[::1]:8080/", "http://0.0.0.0/", "http://[::]/",
                "http://[fe80::1]/", "http://[fc00::1]/", "http://[::ffff:10.0.0.1]/", "http://100.100.100.200/",
                "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/", "http://[::127.0.0.1]/",
                "ftp://example.com/x", "/threads", "not a url", "http://user:pw@example.com/");
        for (String url : unsafe) {
            Http.Response r = http.postJson("/threads/" + t + "/runs", run(url, Map.of()));
            assertThat(r.status()).as(url + ": " + r.body()).isEqualTo(422);
            assertThat(Json.str(r.json(), "detail")).as(url).startsWith("Field 'webhook'");
        }
        Http.Response metadata = http.postJson("/runs/wait", run("http://169.254.169.254/", Map.of()));
        assertThat(Json.str(metadata.json(), "detail")).contains("metadata");
        Http.Response local = http.postJson("/runs", run("http://localhost:1/", Map.of()));
        assertThat(Json.str(local.json(), "detail")).contains("loopback").contains("SPOOL_WEBHOOK_ALLOW_HOSTS");

        // a name that does not resolve (yet) is checked when the webhook is sent
        assertThat(http.postJson("/runs", run("http://webhook.invalid/x", Map.of())).status()).isEqualTo(200);

        String bad = "http://10.0.0.1/";
        for (String path : List.of("/threads/" + t + "/runs/wait", "/threads/" + t + "/runs/stream", "/runs/stream",
                "/runs/wait", "/runs")) {
            assertThat(http.postJson(path, run(bad, Map.of())).status()).as(path).isEqualTo(422);
        }
        // a cron's runs would call it: refused when the cron is created or patched
        Map<String, Object> cron = new LinkedHashMap<>(run(bad, Map.of()));
        cron.put("schedule", "*/5 * * * *");
        assertThat(http.postJson("/runs/crons", cron).status()).isEqualTo(422);
        assertThat(http.postJson("/threads/" + t + "/runs/crons", cron).status()).isEqualTo(422);
        cron.put("webhook", receiver.url("/cron"));
        String cronId = Json.str(http.postJson("/runs/crons", cron).json(), "cron_id");
        Http.Response patched = http.patchJson("/runs/crons/" + cronId, Map.of("webhook", bad));
        assertThat(patched.status()).as(patched.body()).isEqualTo(422);
        assertThat(Json.str(patched.json(), "detail")).startsWith("Field 'webhook'");
        http.delete("/runs/crons/" + cronId);

        // a batch with one bad item starts none
        String before = http.postJson("/threads/count", Map.of()).body();
        assertThat(http.postJson("/runs/batch", List.of(run(null, Map.of()), run(bad, Map.of()))).status())
                .isEqualTo(422);
        assertThat(http.postJson("/threads/count", Map.of()).body()).isEqualTo(before);
        assertThat(http.get("/threads/" + t + "/runs").json().size()).isZero();
    }
}
