package io.spool.store;

import java.util.List;

/** Turns texts into vectors for the store's semantic search; one vector of {@link #dims()} floats per text. */
public interface Embedder {

    int dims();

    List<float[]> embed(List<String> texts);
}
