package io.spool.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A store search: items under {@code namespacePrefix} (all items when empty) whose value passes {@code filter}
 * ({@link ItemFilter}) and that have not expired at {@code now}. Without a {@code query} vector, newest update first;
 * with one, by cosine similarity (the best of the item's vectors), items without vectors after those with. Paged by
 * {@code limit} and {@code offset}.
 */
public record ItemSearch(List<String> namespacePrefix, Map<String, Object> filter, float[] query, int limit,
                         int offset, Instant now) {

    public ItemSearch {
        namespacePrefix = namespacePrefix == null ? List.of() : List.copyOf(namespacePrefix);
        filter = filter == null ? Map.of() : filter;
    }

    /** Whether {@code item} is one this search looks at (prefix, filter, not expired); its vectors aside. */
    public boolean matches(StoreItem item) {
        return !item.expired(now) && NamespaceText.startsWith(item.namespace(), namespacePrefix)
                && ItemFilter.matches(item.value(), filter);
    }
}
