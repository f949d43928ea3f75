package io.spool.storage.memory;

import io.spool.storage.ItemRanking;
import io.spool.storage.ItemSearch;
import io.spool.storage.ItemStore;
import io.spool.storage.ItemVector;
import io.spool.storage.NamespaceQuery;
import io.spool.storage.ScoredItem;
import io.spool.storage.StoreItem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryItemStore implements ItemStore {

    private record Key(List<String> namespace, String key) {
    }

    private record Entry(StoreItem item, List<ItemVector> vectors) {
    }

    private final ConcurrentHashMap<Key, Entry> items = new ConcurrentHashMap<>();

    @Override
    public void put(StoreItem item, List<ItemVector> vectors) {
        items.put(new Key(item.namespace(), item.key()), new Entry(item, List.copyOf(vectors)));
    }

    @Override
    public Optional<StoreItem> get(List<String> namespace, String key, Instant now) {
        return find(namespace, key).filter(i -> !i.expired(now));
    }

    @Override
    public Optional<StoreItem> find(List<String> namespace, String key) {
        Entry e = items.get(new Key(namespace, key));
        return e == null ? Optional.empty() : Optional.of(e.item());
    }

    @Override
    public boolean delete(List<String> namespace, String key) {
        return items.remove(new Key(namespace, key)) != null;
    }

    @Override
    public List<ScoredItem> search(ItemSearch search) {
        ItemRanking ranking = new ItemRanking(search);
        for (Entry e : items.values()) {
            if (search.matches(e.item())) ranking.offer(e.item(), e.vectors());
        }
        return ranking.page();
    }

    @Override
    public List<List<String>> namespaces(NamespaceQuery query, Instant now) {
        return query.page(items.values().stream().map(Entry::item).filter(i -> !i.expired(now))
                .map(StoreItem::namespace).toList());
    }

    @Override
    public void refreshTtl(List<StoreItem> refreshed, Instant now) {
        for (StoreItem i : refreshed) {
            if (i.ttlMinutes() == null) continue;
            // only the version that was read: a put since then keeps its own expiry
            items.computeIfPresent(new Key(i.namespace(), i.key()), (k, e) -> e.item().updatedAt().equals(i.updatedAt())
                    ? new Entry(e.item().refreshed(now), e.vectors()) : e);
        }
    }

    @Override
    public int deleteExpired(Instant now) {
        int[] n = {0};
        items.forEach((k, e) -> {
            if (e.item().expired(now) && items.remove(k, e)) n[0]++;
        });
        return n[0];
    }
}
