package io.spool.store;

import io.spool.errors.ApiError;
import io.spool.storage.ItemFilter;
import io.spool.storage.ItemSearch;
import io.spool.storage.ItemStore;
import io.spool.storage.ItemVector;
import io.spool.storage.NamespaceQuery;
import io.spool.storage.ScoredItem;
import io.spool.storage.StoreItem;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The long-term store shared by all threads ({@code /store/*}, and graphs through their store handle): validates
 * namespaces, embeds what the index says on put and the query on search, counts TTLs and refreshes them on reads.
 * Every call names the {@link StoreScope} it acts in: one identity's part of the store, or all of it.
 */
public final class StoreService {

    /** A hundred years, as for threads: long enough for anyone, short enough to stay a valid instant. */
    public static final double MAX_TTL_MINUTES = 100 * 365 * 24 * 60;

    private final ItemStore items;
    private final StoreIndex index;

    /**
     * @param items the backend's store
     * @param index the semantic index, or null when searches cannot take a query
     */
    public StoreService(ItemStore items, StoreIndex index) {
        this.items = items;
        this.index = index;
    }

    /** Whether searches rank by a query. */
    public boolean indexed() {
        return index != null;
    }

    /**
     * Creates or replaces an item. {@code indexFields}: null embeds the index's default fields, an empty list
     * nothing, others those paths. {@code ttlMinutes} null: no expiry.
     */
    public void put(StoreScope scope, List<String> asked, String key, Map<String, Object> value,
                    List<String> indexFields, Double ttlMinutes) {
        validateNamespace(asked, "namespace", false);
        List<String> namespace = scope.in(asked);
        requireKey(key);
        if (value == null) throw ApiError.invalid("Field 'value' is required and must be an object");
        if (ttlMinutes != null && !(ttlMinutes > 0 && ttlMinutes <= MAX_TTL_MINUTES)) {
            throw ApiError.invalid("Field 'ttl' must be a number of minutes above 0 and at most "
                    + (long) MAX_TTL_MINUTES);
        }
        Instant now = now();
        ItemStore store = store();
        Instant created = store.find(namespace, key).filter(i -> !i.expired(now)).map(StoreItem::createdAt)
                .orElse(now);
        store.put(StoreItem.written(namespace, key, value, created, now, ttlMinutes), vectors(value, indexFields));
    }

    private List<ItemVector> vectors(Map<String, Object> value, List<String> indexFields) {
        if (index == null) return List.of();
        List<IndexedText.Text> texts = IndexedText.of(value, indexFields == null ? index.fields() : indexFields);
        if (texts.isEmpty()) return List.of();
        List<float[]> embedded = index.embedder().embed(texts.stream().map(IndexedText.Text::text).toList());
        List<ItemVector> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) out.add(new ItemVector(texts.get(i).field(), embedded.get(i)));
        return out;
    }

    /** The item, if it exists and has not expired; its TTL counted again from now when {@code refreshTtl}. */
    public Optional<StoreItem> get(StoreScope scope, List<String> namespace, String key, boolean refreshTtl) {
        validateNamespace(namespace, "namespace", false);
        requireKey(key);
        Instant now = now();
        Optional<StoreItem> item = store().get(scope.in(namespace), key, now);
        if (refreshTtl && item.isPresent() && item.get().ttlMinutes() != null) {
            store().refreshTtl(List.of(item.get()), now);
            item = Optional.of(item.get().refreshed(now));
        }
        return item.map(scope::out);
    }

    public void delete(StoreScope scope, List<String> namespace, String key) {
        validateNamespace(namespace, "namespace", false);
        requireKey(key);
        store().delete(scope.in(namespace), key);
    }

    /**
     * Items under {@code prefix} that pass {@code filter}; with a {@code query} (and an index) ranked by similarity
     * to it and scored, otherwise newest first. The TTLs of the found items are refreshed when {@code refreshTtl}.
     */
    public List<ScoredItem> search(StoreScope scope, List<String> prefix, Map<String, Object> filter, String query,
                                   int limit, int offset, boolean refreshTtl) {
        validateNamespace(prefix, "namespace_prefix", true);
        if (filter != null) {
            try {
                ItemFilter.validate(filter);
            } catch (IllegalArgumentException e) {
                throw ApiError.invalid("Field 'filter': " + e.getMessage());
            }
        }
        float[] vector = query == null || index == null ? null : index.embedder().embed(List.of(query)).getFirst();
        Instant now = now();
        List<ScoredItem> found = store().search(new ItemSearch(scope.in(prefix), filter, vector, limit, offset, now));
        if (refreshTtl) {
            List<StoreItem> withTtl = found.stream().map(ScoredItem::item).filter(i -> i.ttlMinutes() != null).toList();
            if (!withTtl.isEmpty()) {
                store().refreshTtl(withTtl, now);
                found = found.stream().map(s -> new ScoredItem(s.item().refreshed(now), s.score())).toList();
            }
        }
        return found.stream().map(scope::out).toList();
    }

    public List<List<String>> namespaces(StoreScope scope, List<String> prefix, List<String> suffix, Integer maxDepth,
                                         int limit, int offset) {
        validateNamespace(prefix, "prefix", true);
        validateNamespace(suffix, "suffix", true);
        if (maxDepth != null && maxDepth < 1) throw ApiError.invalid("Field 'max_depth' must be a positive integer");
        return store().namespaces(new NamespaceQuery(scope.in(prefix), suffix, scope.depth(maxDepth), limit, offset),
                now()).stream().map(scope::out).filter(ns -> !ns.isEmpty()).toList();
    }

    /** Removes the items whose TTL ran out; how many (for the TTL sweeper). */
    public int sweepExpired(Instant now) {
        return items.deleteExpired(now);
    }

    private ItemStore store() {
        return items;
    }

    /**
     * A namespace is a non-empty list of labels, none empty or containing {@code '.'} (its text form joins labels
     * with dots); a prefix or suffix may be empty.
     */
    static void validateNamespace(List<String> namespace, String field, boolean mayBeEmpty) {
        if (namespace == null || namespace.isEmpty()) {
            if (mayBeEmpty) return;
            throw ApiError.invalid("Field '" + field + "' must be a non-empty list of labels");
        }
        for (String label : namespace) {
            if (label == null || label.isEmpty() || label.contains(".")) {
                throw ApiError.invalid("Namespace labels cannot be empty or contain periods ('.'); field '" + field
                        + "' has " + (label == null ? "null" : "'" + label + "'"));
            }
        }
    }

    private static void requireKey(String key) {
        if (key == null) throw ApiError.invalid("Field 'key' is required");
    }

    /** Microseconds, as every backend keeps instants, so what a put returns equals what a get reads. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
