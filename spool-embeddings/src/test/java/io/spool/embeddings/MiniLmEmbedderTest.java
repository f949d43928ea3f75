package io.spool.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spool.store.Embedder;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default embedder, the real all-MiniLM-L6-v2 model in the process: meaning, not shared words, ranks. */
class MiniLmEmbedderTest {

    private final LangChain4jEmbedders factory = new LangChain4jEmbedders();

    @Test
    void italianCookingFindsThePastaRecipeFirst() {
        Embedder e = factory.create(null, null, Map.of(), getClass().getClassLoader()).orElseThrow();
        assertThat(e.dims()).isEqualTo(384);
        List<String> docs = List.of(
                "Quarterly earnings of technology shares beat the market forecast",
                "Boil the spaghetti al dente, toss with garlic, olive oil, basil and parmesan",
                "Change the engine oil of your car every ten thousand kilometres",
                "The football match ended in a draw after extra time");
        List<float[]> vectors = e.embed(docs);
        float[] query = e.embed(List.of("Italian cooking")).getFirst();
        assertThat(vectors).allSatisfy(v -> assertThat(v).hasSize(384));
        List<String> ranked = docs.stream()
                .sorted(Comparator.comparingDouble((String d) -> -cosine(query, vectors.get(docs.indexOf(d)))))
                .toList();
        assertThat(ranked.getFirst()).startsWith("Boil the spaghetti");
    }

    @Test
    void theDefaultNamesAndDimsAreChecked() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(factory.create("all-minilm-l6-v2", 384, Map.of(), loader)).isPresent();
        assertThat(factory.create("langchain4j:all-minilm-l6-v2", null, Map.of(), loader)).isPresent();
        assertThatThrownBy(() -> factory.create("all-minilm-l6-v2", 1536, Map.of(), loader))
                .hasMessageContaining("384");
        assertThat(factory.create("cohere", null, Map.of(), loader)).isEmpty();
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return dot / Math.sqrt(aa * bb);
    }
}
