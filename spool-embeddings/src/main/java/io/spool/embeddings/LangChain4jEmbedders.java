package io.spool.embeddings;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import io.spool.store.Embedder;
import io.spool.store.EmbedderFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;

/**
 * The embedders {@code store.index.embed} can name:
 * <ul>
 *   <li>{@code all-minilm-l6-v2} (also the default when {@code embed} is left out): LangChain4j's ONNX copy of
 *   sentence-transformers' all-MiniLM-L6-v2, 384 floats, run inside the process; loaded once per process.</li>
 *   <li>{@code openai:MODEL}: an OpenAI-compatible {@code /embeddings} endpoint, {@code OPENAI_BASE_URL} (default
 *   {@code https://api.openai.com/v1}) with {@code OPENAI_API_KEY}; {@code dims} is required and sent as the
 *   model's {@code dimensions} when it is not the model's own.</li>
 *   <li>{@code com.example.Models::embeddings} or {@code com.example.MyModel}: any LangChain4j {@link EmbeddingModel}
 *   from a static method or field, or a public no-argument constructor; {@code dims} is required.</li>
 * </ul>
 */
public final class LangChain4jEmbedders implements EmbedderFactory {

    static final String MINILM = "all-minilm-l6-v2";
    static final int MINILM_DIMS = 384;

    @Override
    public Optional<Embedder> create(String embed, Integer dims, Map<String, String> env, ClassLoader loader) {
        String name = embed == null || embed.isBlank() ? MINILM : embed.trim();
        if (name.equals(MINILM) || name.equals("langchain4j:" + MINILM)) {
            if (dims != null && dims != MINILM_DIMS) {
                throw new IllegalArgumentException("store.index.dims is " + dims + " but " + MINILM + " gives "
                        + MINILM_DIMS + " floats");
            }
            return Optional.of(new ModelEmbedder(MINILM, MINILM_DIMS, MiniLm::model));
        }
        if (name.startsWith("openai:")) {
            String model = name.substring("openai:".length());
            if (model.isBlank()) throw new IllegalArgumentException("store.index.embed: name the model, as openai:MODEL");
            int size = requireDims(name, dims);
            String baseUrl = env.getOrDefault("OPENAI_BASE_URL", "https://api.openai.com/v1");
            String key = env.get("OPENAI_API_KEY");
            return Optional.of(new ModelEmbedder(name, size, () -> OpenAiEmbeddingModel.builder()
                    .baseUrl(baseUrl)
                    .apiKey(key == null || key.isBlank() ? "none" : key)
                    .modelName(model)
                    .dimensions(model.startsWith("text-embedding-3") ? size : null)
                    .build()));
        }
        if (name.matches("[\\w.$]+(::\\w+)?") && name.contains(".")) {
            int size = requireDims(name, dims);
            return Optional.of(new ModelEmbedder(name, size, () -> byClass(name, loader)));
        }
        return Optional.empty();
    }

    private static int requireDims(String name, Integer dims) {
        if (dims == null) {
            throw new IllegalArgumentException("store.index.dims is required with embedder '" + name
                    + "' (the size of its vectors)");
        }
        return dims;
    }

    /** {@code Class::member} (a static method without arguments or a static field) or a class to construct. */
    static EmbeddingModel byClass(String ref, ClassLoader loader) {
        int sep = ref.indexOf("::");
        String className = sep < 0 ? ref : ref.substring(0, sep);
        try {
            Class<?> cls = Class.forName(className, true, loader);
            Object made;
            if (sep < 0) {
                made = cls.getConstructor().newInstance();
            } else {
                String member = ref.substring(sep + 2);
                made = staticMember(cls, member);
            }
            if (!(made instanceof EmbeddingModel m)) {
                throw new IllegalArgumentException("embedder " + ref + " is not a LangChain4j EmbeddingModel");
            }
            return m;
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("embedder class " + className + " is not on the class path");
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot make embedder " + ref + ": " + e, e);
        }
    }

    private static Object staticMember(Class<?> cls, String member) throws ReflectiveOperationException {
        for (Method m : cls.getMethods()) {
            if (m.getName().equals(member) && m.getParameterCount() == 0 && Modifier.isStatic(m.getModifiers())) {
                return m.invoke(null);
            }
        }
        Field f = cls.getField(member);
        if (!Modifier.isStatic(f.getModifiers())) throw new NoSuchFieldException(member + " is not static");
        return f.get(null);
    }

    /** One copy of the model per process: it holds about 90 MB, and every server in the process can share it. */
    private static final class MiniLm {
        private static final EmbeddingModel MODEL = new AllMiniLmL6V2EmbeddingModel();

        static EmbeddingModel model() {
            return MODEL;
        }
    }
}
