package io.spool.store;

import io.spool.errors.ApiError;
import io.spool.graph.GraphStore;
import io.spool.storage.ScoredItem;
import io.spool.storage.StoreItem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The store handle a graph's nodes get ({@link GraphStore}): {@link StoreService} with the API's checks, its 422s
 * turned into {@link IllegalArgumentException} so a node sees what it did wrong in Java's terms.
 */
public final class NodeStore implements GraphStore {

    private final StoreService store;

    public NodeStore(StoreService store) {
        this.store = store;
    }

    @Override
    public Optional<Item> get(List<String> namespace, String key) {
        return checked(() -> store.get(namespace, key, false).map(i -> item(i, null)));
    }

    @Override
    public void put(List<String> namespace, String key, Map<String, Object> value) {
        checked(() -> {
            store.put(namespace, key, value, null, null);
            return null;
        });
    }

    @Override
    public void delete(List<String> namespace, String key) {
        checked(() -> {
            store.delete(namespace, key);
            return null;
        });
    }

    @Override
    public List<Item> search(List<String> namespacePrefix, String query, Map<String, Object> filter, int limit) {
        return checked(() -> store.search(namespacePrefix, filter, query, limit, 0, false).stream()
                .map((ScoredItem s) -> item(s.item(), s.score())).toList());
    }

    @Override
    public List<List<String>> listNamespaces(List<String> prefix, Integer maxDepth, int limit) {
        return checked(() -> store.namespaces(prefix, List.of(), maxDepth, limit, 0));
    }

    private static Item item(StoreItem i, Double score) {
        return new Item(i.namespace(), i.key(), i.value(), i.createdAt(), i.updatedAt(), score);
    }

    private static <T> T checked(Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
