package io.spool.store;

import java.util.Map;
import java.util.Optional;

/**
 * Makes the {@link Embedder} that {@code store.index.embed} of the config names; found by {@link java.util.ServiceLoader}
 * (spool-embeddings provides one over LangChain4j), so the server itself carries no model.
 */
public interface EmbedderFactory {

    /**
     * The embedder {@code embed} names (null: this factory's default), or empty when this factory does not know the
     * name. {@code dims}: the vector size the config asks for (null: the model's own). Throws
     * {@link IllegalArgumentException} naming what is wrong with a name it knows.
     */
    Optional<Embedder> create(String embed, Integer dims, Map<String, String> env, ClassLoader loader);
}
