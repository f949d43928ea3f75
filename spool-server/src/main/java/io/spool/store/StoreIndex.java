package io.spool.store;

import java.util.List;

/**
 * The store's semantic index ({@code store.index} of the config): what embeds, and which fields of an item's value
 * are embedded when its put does not say ({@code "$"}: the whole value).
 */
public record StoreIndex(Embedder embedder, List<String> fields) {

    public static final List<String> WHOLE_VALUE = List.of("$");

    public StoreIndex {
        fields = fields == null || fields.isEmpty() ? WHOLE_VALUE : List.copyOf(fields);
    }
}
