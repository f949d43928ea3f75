package io.spool.http;

import io.spool.auth.Ownership;
import io.spool.errors.ApiError;
import io.spool.json.Json;
import io.spool.storage.NamespaceText;
import io.spool.store.StoreScope;
import io.spool.store.StoreService;
import io.spool.wire.Views;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The long-term store: items by namespace and key, their search, and the namespaces that hold them. */
final class StoreRoutes {

    private final StoreService store;

    StoreRoutes(StoreService store) {
        this.store = store;
    }

    void register(Router r) {
        r.add("PUT", "/store/items", this::put);
        r.add("GET", "/store/items", this::get);
        r.add("DELETE", "/store/items", this::delete);
        r.add("POST", "/store/items/search", this::search);
        r.add("POST", "/store/namespaces", this::namespaces);
    }

    /**
     * The caller's part of the store (all of it with auth off); the authorizer may refuse the action (403), but
     * items are always the identity's own.
     */
    private static StoreScope scope(String action) {
        return Ownership.caller().map(who -> {
            Ownership.access("store", action);
            return StoreScope.of(who.id());
        }).orElse(StoreScope.SHARED);
    }

    private void put(Exchange ex) {
        JsonBody b = ex.body();
        Object value = b.any("value");
        if (value != null && !(value instanceof Map)) throw ApiError.invalid("Field 'value' must be an object");
        store.put(scope("create"), b.stringList("namespace"), b.string("key"), b.object("value"), indexFields(b.any("index")),
                ttl(b.any("ttl")));
        ex.noContent(204);
    }

    /** {@code index}: absent or null (the configured fields), {@code false} (not indexed), or a list of paths. */
    private static List<String> indexFields(Object index) {
        if (index == null) return null;
        if (Boolean.FALSE.equals(index)) return List.of();
        if (index instanceof List<?> l && l.stream().allMatch(f -> f instanceof String s && !s.isEmpty())) {
            return l.stream().map(Object::toString).toList();
        }
        throw ApiError.invalid("Field 'index' must be false or a list of field paths, got " + Json.text(index));
    }

    private static Double ttl(Object ttl) {
        if (ttl == null) return null;
        if (!(ttl instanceof Number n)) throw ApiError.invalid("Field 'ttl' must be a number of minutes");
        return n.doubleValue();
    }

    private void get(Exchange ex) {
        String key = ex.query("key");
        if (key == null) throw ApiError.badRequest("Query parameter 'key' is required");
        ex.json(store.get(scope("read"), namespace(ex), key, Params.bool(ex, "refresh_ttl", true)).map(Views::storeItem)
                .orElse(null));
    }

    /** {@code namespace}: the labels joined by dots (as the SDKs send it), or repeated, one label each. */
    private static List<String> namespace(Exchange ex) {
        List<String> values = ex.queryAll("namespace");
        if (values.size() == 1) return NamespaceText.split(values.getFirst());
        return new ArrayList<>(values);
    }

    private void delete(Exchange ex) {
        JsonBody b = ex.body();
        store.delete(scope("delete"), b.stringList("namespace"), b.string("key"));
        ex.noContent(204);
    }

    private void search(Exchange ex) {
        JsonBody b = ex.body();
        String query = b.string("query");
        List<Map<String, Object>> items = store.search(scope("search"), b.stringList("namespace_prefix"), b.object("filter"), query,
                        Params.limit(b.integer("limit"), 10), Params.offset(b.integer("offset")),
                        b.bool("refresh_ttl", true)).stream()
                .map(s -> Views.storeItem(s.item(), s.score(), query != null && store.indexed())).toList();
        ex.json(Map.of("items", items));
    }

    private void namespaces(Exchange ex) {
        JsonBody b = ex.body();
        ex.json(Map.of("namespaces", store.namespaces(scope("search"), b.stringList("prefix"), b.stringList("suffix"),
                b.integer("max_depth"), Params.limit(b.integer("limit"), 100), Params.offset(b.integer("offset")))));
    }
}
