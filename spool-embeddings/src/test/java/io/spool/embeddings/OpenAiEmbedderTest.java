package io.spool.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.spool.store.Embedder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code openai:MODEL} through LangChain4j's real OpenAI client against an OpenAI-compatible {@code /embeddings}
 * server on loopback, which gives each text a vector of its own (the count of each vowel), so the test sees that the
 * texts went out and the vectors came back in order.
 */
class OpenAiEmbedderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpServer server;
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int dims = 5;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/embeddings", ex -> {
            JsonNode body = JSON.readTree(ex.getRequestBody().readAllBytes());
            requests.add(body);
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            List<Map<String, Object>> data = new ArrayList<>();
            int i = 0;
            for (JsonNode input : body.get("input")) {
                data.add(Map.of("object", "embedding", "index", i++, "embedding", vowels(input.asString(), dims)));
            }
            byte[] out = JSON.writeValueAsBytes(Map.of("object", "list", "data", data, "model",
                    body.get("model").asString(), "usage", Map.of("prompt_tokens", 3, "total_tokens", 3)));
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private Map<String, String> env() {
        return Map.of("OPENAI_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "OPENAI_API_KEY", "sk-test");
    }

    static List<Float> vowels(String text, int dims) {
        List<Float> v = new ArrayList<>();
        String vowels = "aeiou";
        for (int i = 0; i < dims; i++) {
            char c = vowels.charAt(i % vowels.length());
            v.add((float) text.chars().filter(ch -> ch == c).count());
        }
        return v;
    }

    @Test
    void textsGoToTheEndpointAndVectorsComeBackInOrder() {
        Embedder e = new LangChain4jEmbedders().create("openai:text-embedding-3-small", 5, env(),
                getClass().getClassLoader()).orElseThrow();
        assertThat(e.dims()).isEqualTo(5);
        List<float[]> out = e.embed(List.of("banana", "kiwi", "queue"));
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).containsExactly(3, 0, 0, 0, 0);
        assertThat(out.get(1)).containsExactly(0, 0, 2, 0, 0);
        assertThat(out.get(2)).containsExactly(0, 2, 0, 0, 2);
        JsonNode request = requests.getLast();
        assertThat(request.get("model").asString()).isEqualTo("text-embedding-3-small");
        assertThat(request.get("dimensions").asInt()).isEqualTo(5);
        assertThat(authorizations.getLast()).isEqualTo("Bearer sk-test");
    }

    @Test
    void aVectorOfAnotherSizeThanDimsIsAnError() {
        Embedder e = new LangChain4jEmbedders().create("openai:text-embedding-3-small", 5, env(),
                getClass().getClassLoader()).orElseThrow();
        dims = 7;
        assertThatThrownBy(() -> e.embed(List.of("banana"))).hasMessageContaining("7 floats")
                .hasMessageContaining("dims is 5");
    }

    @Test
    void otherModelsNeedDims() {
        assertThatThrownBy(() -> new LangChain4jEmbedders().create("openai:text-embedding-3-small", null, env(),
                getClass().getClassLoader())).hasMessageContaining("dims is required");
    }

    @Test
    void aModelNamedByItsFactoryMethod() {
        Embedder e = new LangChain4jEmbedders().create(Models.class.getName() + "::local", 5, Map.of(),
                getClass().getClassLoader()).orElseThrow();
        assertThat(e.embed(List.of("aaa")).getFirst()).containsExactly(3, 0, 0, 0, 0);
        assertThatThrownBy(() -> new LangChain4jEmbedders().create("com.example.Missing", 5, Map.of(),
                getClass().getClassLoader()).orElseThrow().embed(List.of("x"))).hasMessageContaining("not on the class path");
    }

    /** An EmbeddingModel of a user's own, named in the config as {@code Class::method}. */
    public static final class Models {
        public static dev.langchain4j.model.embedding.EmbeddingModel local() {
            return new dev.langchain4j.model.embedding.EmbeddingModel() {
                @Override
                public dev.langchain4j.model.output.Response<List<dev.langchain4j.data.embedding.Embedding>> embedAll(
                        List<dev.langchain4j.data.segment.TextSegment> segments) {
                    return dev.langchain4j.model.output.Response.from(segments.stream()
                            .map(s -> dev.langchain4j.data.embedding.Embedding.from(vowels(s.text(), 5))).toList());
                }
            };
        }
    }
}
