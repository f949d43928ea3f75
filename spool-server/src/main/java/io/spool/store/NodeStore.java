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
 * turned into {@link IllegalArgumentException} so a node sees what it did wrong in Java's terms, in the scope of the
 * identity the run acts for (so a graph and its caller's API calls see the same items).
 */
public final class NodeStore implements GraphStore {

    private final StoreService store;
    private final StoreScope scope;

    /** {@code scope}: the part of the store the run's identity sees (all of it with auth off). */
    public NodeStore(StoreService store, StoreScope scope) {
        this.store = store;
        this.scope = scope;
    }

    @Override
    public Optional<Item> get(List<String> namespace, String key) {
        return checked(() -> store.get(scope, namespace, key, false).map(i -> item(i, null)));
    }

    @Override
    public void put(List<String> namespace, String key, Map<String, Object> value) {
        checked(() -> {
            store.put(scope, namespace, key, value, null, null);
            return null;
        });
    }

    @Override
    public void delete(List<String> namespace, String key) {
        checked(() -> {
            store.delete(scope, namespace, key);
            return null;
        });
    }

    @Override
    public List<Item> search(List<String> namespacePrefix, String query, Map<String, Object> filter, int limit) {
        return checked(() -> store.search(scope, namespacePrefix, filter, query, limit, 0, false).stream()
                .map((ScoredItem s) -> item(s.item(), s.score())).toList());
    }

    @Override
    public List<List<String>> listNamespaces(List<String> prefix, Integer maxDepth, int limit) {
        return checked(() -> store.namespaces(scope, prefix, List.of(), maxDepth, limit, 0));
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
