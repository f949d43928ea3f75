package io.spool.storage;

/** A search result; {@code score} (cosine similarity to the query) is null when no query vector was given. */
public record ScoredItem(StoreItem item, Double score) {
}
