package io.spool.graph;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The long-term store as a graph's nodes see it, as LangGraph nodes get {@code store}: JSON items by namespace (a
 * list of labels) and key, shared by every thread, the same items {@code /store/*} serves. Bad namespaces or values
 * throw {@link IllegalArgumentException}.
 */
public interface GraphStore {

    /** An item; {@code score} is the similarity to a search's query (null without one). */
    record Item(List<String> namespace, String key, Map<String, Object> value, Instant createdAt, Instant updatedAt,
                Double score) {
    }

    Optional<Item> get(List<String> namespace, String key);

    /** Creates or replaces an item, embedded for semantic search as the server's {@code store.index} says. */
    void put(List<String> namespace, String key, Map<String, Object> value);

    void delete(List<String> namespace, String key);

    /**
     * Items under {@code namespacePrefix} whose value passes {@code filter} (null: all; equality or the operators
     * {@code $eq $ne $gt $gte $lt $lte}); with a {@code query} (null: none) ranked by meaning when the server has an
     * index, otherwise newest first.
     */
    List<Item> search(List<String> namespacePrefix, String query, Map<String, Object> filter, int limit);

    /** The namespaces under {@code prefix} that hold items, cut to {@code maxDepth} labels (null: whole). */
    List<List<String>> listNamespaces(List<String> prefix, Integer maxDepth, int limit);
}
