package io.spool.store;

import io.spool.storage.ScoredItem;
import io.spool.storage.StoreItem;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of the long-term store one identity sees. With auth on, every namespace an identity uses lives under a
 * first label of its own ({@code owner:<id>}), added on the way in and taken off on the way out: another identity's
 * items are not found, searched or listed, whatever namespace it names. With auth off everything is shared.
 *
 * @param label the first label of the identity's namespaces; null when the store is shared
 */
public record StoreScope(String label) {

    public static final StoreScope SHARED = new StoreScope(null);

    /** The scope of {@code identity}; shared when null. Dots (and so percent signs) are escaped: labels have none. */
    public static StoreScope of(String identity) {
        return identity == null ? SHARED
                : new StoreScope("owner:" + identity.replace("%", "%25").replace(".", "%2E"));
    }

    List<String> in(List<String> namespace) {
        if (label == null) return namespace;
        List<String> out = new ArrayList<>();
        out.add(label);
        if (namespace != null) out.addAll(namespace);
        return out;
    }

    /** A max depth counted from the scope's own first label. */
    Integer depth(Integer maxDepth) {
        if (label == null || maxDepth == null) return maxDepth;
        return maxDepth + 1;
    }

    List<String> out(List<String> namespace) {
        return label == null ? namespace : List.copyOf(namespace.subList(1, namespace.size()));
    }

    StoreItem out(StoreItem i) {
        return label == null ? i : new StoreItem(out(i.namespace()), i.key(), i.value(), i.createdAt(), i.updatedAt(),
                i.ttlMinutes(), i.expiresAt());
    }

    ScoredItem out(ScoredItem s) {
        return label == null ? s : new ScoredItem(out(s.item()), s.score());
    }
}
