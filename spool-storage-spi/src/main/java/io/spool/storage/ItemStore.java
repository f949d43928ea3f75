package io.spool.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The long-term store ({@code /store/*}): items by namespace and key, with their embeddings for semantic search.
 * The server embeds; a backend keeps vectors and ranks by cosine similarity ({@link ItemRanking} does it in Java,
 * a database may do it in SQL). Expired items are never returned, and are removed by {@link #deleteExpired}.
 */
public interface ItemStore {

    /**
     * Writes {@code item} (creating or replacing the one under its namespace and key) with {@code vectors} in place of
     * any it had (none when empty).
     */
    void put(StoreItem item, List<ItemVector> vectors);

    /** The item, unless it is missing or expired at {@code now}. */
    Optional<StoreItem> get(List<String> namespace, String key, Instant now);

    /** The item as stored (created_at kept on overwrite), expired or not. */
    Optional<StoreItem> find(List<String> namespace, String key);

    boolean delete(List<String> namespace, String key);

    List<ScoredItem> search(ItemSearch search);

    /** The namespaces that hold at least one item that has not expired at {@code now}. */
    List<List<String>> namespaces(NamespaceQuery query, Instant now);

    /** Counts the TTL of each of {@code items} again from {@code now} (items without one are left alone). */
    void refreshTtl(List<StoreItem> items, Instant now);

    /** Removes items whose TTL ran out at or before {@code now}, with their vectors; how many. */
    int deleteExpired(Instant now);
}
