package io.spool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.it.OtlpReceiver.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Traces and logs as an operator sees them: a server started with the standard {@code OTEL_*} variables exports
 * spans by OTLP to a receiver on loopback, request → run → node → model call, in the caller's trace; its JSON log
 * lines carry the same trace id.
 */
class TracingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @Test
    void aRunIsTracedFromTheRequestThroughItsNodesToTheModelCalls(@TempDir Path dir) throws Exception {
        try (OtlpReceiver otlp = new OtlpReceiver(); FakeOpenAi openAi = new FakeOpenAi();
             ServerProcess server = ServerProcess.start(Backend.named("memory"), dir, Map.of(
                     "OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(),
                     "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                     "OTEL_BSP_SCHEDULE_DELAY", "50",
                     "OPENAI_BASE_URL", openAi.baseUrl(), "OPENAI_API_KEY", "test-key", "SPOOL_MODEL", "fake-model"),
                     "--config", "react-agent.json", "--log-format", "json")) {
            Http http = new Http(server.port());
            String thread = Json.str(http.postJson("/threads", Map.of()).json(), "thread_id");
            Http.Response wait = http.send("POST", "/threads/" + thread + "/runs/wait",
                    Json.write(Map.of("assistant_id", "react_agent", "input",
                            Map.of("messages", List.of(Map.of("role", "user", "content", "Weather in Paris?"))))),
                    Map.of("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01"));
            assertThat(wait.status()).isEqualTo(200);

            ReceivedSpan request = otlp.await("for the request", s -> s.name().equals("POST /threads/{thread_id}/runs/wait"));
            assertThat(request.traceId()).as("the caller's trace continues").isEqualTo(TRACE_ID);
            assertThat(request.parentSpanId()).isEqualTo(CALLER_SPAN);
            assertThat(request.attributes()).containsEntry("http.route", "/threads/{thread_id}/runs/wait")
                    .containsEntry("http.response.status_code", "200").containsEntry("spool.thread_id", thread);

            ReceivedSpan run = otlp.await("for the run", s -> s.name().equals("run react_agent"));
            assertThat(run.traceId()).isEqualTo(TRACE_ID);
            assertThat(run.parentSpanId()).as("the run nests in the request that waited for it")
                    .isEqualTo(request.spanId());
            assertThat(run.attributes()).containsEntry("spool.thread_id", thread)
                    .containsEntry("spool.run.status", "success").containsKey("spool.run_id");

            // model → tools → model, each a node span under the run, each model node with its model call inside
            ReceivedSpan tools = otlp.await("for the tools node", s -> s.name().equals("node tools"));
            assertThat(tools.parentSpanId()).isEqualTo(run.spanId());
            otlp.await("for the second model call", s -> s.name().startsWith("chat")
                    && "30".equals(s.attributes().get("gen_ai.usage.input_tokens")));
            List<ReceivedSpan> models = otlp.spans.stream().filter(s -> s.name().equals("node model")).toList();
            assertThat(models).hasSize(2).allSatisfy(m -> assertThat(m.parentSpanId()).isEqualTo(run.spanId()));
            List<ReceivedSpan> calls = otlp.spans.stream().filter(s -> s.name().startsWith("chat")).toList();
            assertThat(calls).hasSize(2).allSatisfy(c -> {
                assertThat(c.traceId()).isEqualTo(TRACE_ID);
                assertThat(models).extracting(ReceivedSpan::spanId).contains(c.parentSpanId());
                assertThat(c.attributes()).containsEntry("gen_ai.operation.name", "chat")
                        .containsEntry("gen_ai.provider.name", "openai");
            });
            assertThat(calls).extracting(c -> c.attributes().get("gen_ai.usage.input_tokens"))
                    .containsExactlyInAnyOrder("20", "30");

            // the JSON log: the access line and the run's end name the trace
            List<JsonNode> lines = server.output().lines().filter(l -> l.startsWith("{")).map(Json::parse).toList();
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.get("loggerName").asString()).isEqualTo("io.spool.access");
                assertThat(l.get("formattedMessage").asString()).startsWith("POST /threads/" + thread + "/runs/wait 200");
                assertThat(l.get("mdc").get("trace_id").asString()).isEqualTo(TRACE_ID);
            });
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.get("formattedMessage").asString()).contains("ended: success");
                assertThat(l.get("mdc").get("trace_id").asString()).isEqualTo(TRACE_ID);
            });
        }
    }

    @Test
    void withoutTheVariablesNothingIsTracedAndTextLogsNameNoTrace(@TempDir Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.start(Backend.named("memory"), dir)) {
            Http http = new Http(server.port());
            assertThat(http.postJson("/runs/wait", Map.of("assistant_id", "agent", "input", Map.of("items", List.of("x")),
                    "config", Map.of("configurable", Map.of("delay_ms", 0)))).status()).isEqualTo(200);
            String out = awaitLine(server, "POST /runs/wait 200");
            assertThat(out).doesNotContain("trace_id").doesNotContain("{\"timestamp\"");
        }
    }

    private static String awaitLine(ServerProcess server, String text) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (server.output().contains(text)) return server.output();
            Thread.sleep(25);
        }
        throw new AssertionError("no log line with '" + text + "':\n" + server.output());
    }
}
