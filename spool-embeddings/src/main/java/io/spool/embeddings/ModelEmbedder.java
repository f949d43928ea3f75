package io.spool.embeddings;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.spool.store.Embedder;
import java.util.List;
import java.util.function.Supplier;

/**
 * A LangChain4j {@link EmbeddingModel} as the store's {@link Embedder}. The model is made on first use, so a server
 * whose store is never searched never loads one; a vector of another size than {@code dims} is an error, since it
 * could never be compared with the others.
 */
final class ModelEmbedder implements Embedder {

    private final String name;
    private final int dims;
    private final Supplier<EmbeddingModel> make;
    private volatile EmbeddingModel model;

    ModelEmbedder(String name, int dims, Supplier<EmbeddingModel> make) {
        this.name = name;
        this.dims = dims;
        this.make = make;
    }

    @Override
    public int dims() {
        return dims;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        if (texts.isEmpty()) return List.of();
        List<Embedding> out = model().embedAll(texts.stream().map(TextSegment::from).toList()).content();
        if (out.size() != texts.size()) {
            throw new IllegalStateException("embedder " + name + " gave " + out.size() + " vectors for "
                    + texts.size() + " texts");
        }
        return out.stream().map(e -> {
            float[] v = e.vector();
            if (v.length != dims) {
                throw new IllegalStateException("embedder " + name + " gave a vector of " + v.length
                        + " floats; store.index.dims is " + dims);
            }
            return v;
        }).toList();
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) model = make.get();
                m = model;
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return name;
    }
}
