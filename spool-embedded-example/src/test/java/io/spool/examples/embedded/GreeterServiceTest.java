package io.spool.examples.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spool.server.Spool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server over real HTTP: the graph given in code is served, its runs stored, the port freed. */
class GreeterServiceTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheGraphGivenInCodeAndKeepsItsThreadsAcrossARestart(@TempDir Path dir) throws Exception {
        String threadId;
        try (Spool spool = GreeterService.start(0, dir)) {
            assertThat(spool.port()).isPositive();
            assertThat(get(spool.url().resolve("/assistants/greeter")).body()).contains("\"graph_id\":\"greeter\"");

            String thread = post(spool.url().resolve("/threads"), "{}").body();
            threadId = thread.replaceAll(".*\"thread_id\":\"([^\"]+)\".*", "$1");
            HttpResponse<String> run = post(spool.url().resolve("/threads/" + threadId + "/runs/wait"),
                    "{\"assistant_id\":\"greeter\",\"input\":{\"name\":\"Ada\"}}");
            assertThat(run.statusCode()).isEqualTo(200);
            assertThat(run.body()).contains("\"greeting\":\"Hello, Ada!\"");
        }
        // sqlite in the data dir: a second start of the service finds the thread's state
        try (Spool spool = GreeterService.start(0, dir)) {
            HttpResponse<String> state = get(spool.url().resolve("/threads/" + threadId + "/state"));
            assertThat(state.statusCode()).isEqualTo(200);
            assertThat(state.body()).contains("Hello, Ada!");
        }
    }

    @Test
    void refusesToStartWithoutAGraph() {
        assertThatThrownBy(() -> Spool.builder().port(0).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("graph(id, graph)");
        assertThatThrownBy(() -> Spool.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI uri, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
