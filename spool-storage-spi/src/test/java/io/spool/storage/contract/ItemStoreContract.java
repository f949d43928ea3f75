package io.spool.storage.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.spool.storage.ItemSearch;
import io.spool.storage.ItemStore;
import io.spool.storage.ItemVector;
import io.spool.storage.NamespaceQuery;
import io.spool.storage.ScoredItem;
import io.spool.storage.Storage;
import io.spool.storage.StorageOptions;
import io.spool.storage.StoreItem;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every backend's {@link ItemStore} must do: one subclass per backend says how to open its storage. */
public abstract class ItemStoreContract {

    @TempDir
    protected Path dir;

    private Storage storage;
    private ItemStore items;
    /** Whole microseconds, as every backend keeps instants. */
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    protected abstract Storage open(StorageOptions options);

    @BeforeEach
    void openStorage() {
        storage = open(new StorageOptions(dir));
        items = storage.items();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private StoreItem put(List<String> ns, String key, Map<String, Object> value, Instant at, float[]... vectors) {
        StoreItem item = StoreItem.written(ns, key, value, at, at, null);
        items.put(item, java.util.Arrays.stream(vectors).map(v -> new ItemVector("$", v)).toList());
        return item;
    }

    private List<String> keys(List<ScoredItem> found) {
        return found.stream().map(s -> s.item().key()).toList();
    }

    private ItemSearch search(List<String> prefix, Map<String, Object> filter, float[] query, int limit, int offset) {
        return new ItemSearch(prefix, filter, query, limit, offset, t0.plusSeconds(3600));
    }

    @Test
    void putGetOverwriteAndDelete() {
        put(List.of("users", "u1"), "prefs", Map.of("theme", "dark"), t0);
        StoreItem got = items.get(List.of("users", "u1"), "prefs", t0).orElseThrow();
        assertThat(got.value()).isEqualTo(Map.of("theme", "dark"));
        assertThat(got.namespace()).containsExactly("users", "u1");
        assertThat(got.createdAt()).isEqualTo(t0);
        assertThat(got.ttlMinutes()).isNull();
        assertThat(items.get(List.of("users"), "prefs", t0)).isEmpty();
        assertThat(items.get(List.of("users", "u1"), "other", t0)).isEmpty();

        Instant later = t0.plusSeconds(5);
        items.put(StoreItem.written(List.of("users", "u1"), "prefs", Map.of("theme", "light"), got.createdAt(), later,
                null), List.of());
        StoreItem again = items.get(List.of("users", "u1"), "prefs", later).orElseThrow();
        assertThat(again.value()).isEqualTo(Map.of("theme", "light"));
        assertThat(again.createdAt()).isEqualTo(t0);
        assertThat(again.updatedAt()).isEqualTo(later);

        assertThat(items.delete(List.of("users", "u1"), "prefs")).isTrue();
        assertThat(items.delete(List.of("users", "u1"), "prefs")).isFalse();
        assertThat(items.get(List.of("users", "u1"), "prefs", later)).isEmpty();
    }

    @Test
    void searchMatchesWholeLabelsNewestFirstAndPages() {
        put(List.of("a", "b"), "k1", Map.of("n", 1), t0);
        put(List.of("a", "b", "c"), "k2", Map.of("n", 2), t0.plusSeconds(1));
        put(List.of("a", "bc"), "k3", Map.of("n", 3), t0.plusSeconds(2));
        put(List.of("x"), "k4", Map.of("n", 4), t0.plusSeconds(3));

        assertThat(keys(items.search(search(List.of("a", "b"), null, null, 10, 0)))).containsExactly("k2", "k1");
        assertThat(keys(items.search(search(List.of("a"), null, null, 10, 0)))).containsExactly("k3", "k2", "k1");
        assertThat(keys(items.search(search(List.of(), null, null, 10, 0)))).containsExactly("k4", "k3", "k2", "k1");
        assertThat(keys(items.search(search(List.of(), null, null, 2, 1)))).containsExactly("k3", "k2");
        assertThat(keys(items.search(search(List.of(), null, null, 10, 9)))).isEmpty();
        assertThat(items.search(search(List.of("a"), null, null, 10, 0))).allMatch(s -> s.score() == null);
    }

    @Test
    void filtersCompareValuesWithTheOperators() {
        put(List.of("f"), "a", Map.of("n", 1, "s", "apple", "tag", "red"), t0);
        put(List.of("f"), "b", Map.of("n", 2.5, "s", "banana", "tag", "blue"), t0.plusSeconds(1));
        put(List.of("f"), "c", Map.of("n", 10, "s", "cherry", "tag", "red", "nested", Map.of("x", 1)),
                t0.plusSeconds(2));

        assertThat(keys(items.search(search(List.of("f"), Map.of("tag", "red"), null, 10, 0)))).containsExactly("c", "a");
        assertThat(keys(items.search(search(List.of("f"), Map.of("n", 1.0), null, 10, 0)))).containsExactly("a");
        assertThat(keys(items.search(search(List.of("f"), Map.of("n", Map.of("$gt", 1)), null, 10, 0))))
                .containsExactly("c", "b");
        assertThat(keys(items.search(search(List.of("f"), Map.of("n", Map.of("$gte", 2.5, "$lt", 10)), null, 10, 0))))
                .containsExactly("b");
        assertThat(keys(items.search(search(List.of("f"), Map.of("n", Map.of("$lte", 2.5)), null, 10, 0))))
                .containsExactly("b", "a");
        assertThat(keys(items.search(search(List.of("f"), Map.of("tag", Map.of("$ne", "red")), null, 10, 0))))
                .containsExactly("b");
        assertThat(keys(items.search(search(List.of("f"), Map.of("s", Map.of("$eq", "banana")), null, 10, 0))))
                .containsExactly("b");
        assertThat(keys(items.search(search(List.of("f"), Map.of("s", Map.of("$gt", "b")), null, 10, 0))))
                .containsExactly("c", "b");
        assertThat(keys(items.search(search(List.of("f"), Map.of("nested", Map.of("x", 1)), null, 10, 0))))
                .containsExactly("c");
        assertThat(keys(items.search(search(List.of("f"), Map.of("s", Map.of("$gt", 1)), null, 10, 0)))).isEmpty();
        assertThat(keys(items.search(search(List.of("f"), Map.of("missing", Map.of("$lt", 1)), null, 10, 0)))).isEmpty();
    }

    @Test
    void aQueryVectorRanksByTheBestCosineAndUnindexedItemsComeLast() {
        put(List.of("v"), "east", Map.of("t", "e"), t0, new float[] {1, 0, 0});
        put(List.of("v"), "north", Map.of("t", "n"), t0.plusSeconds(1), new float[] {0, 1, 0});
        put(List.of("v"), "northeast", Map.of("t", "ne"), t0.plusSeconds(2), new float[] {0, 0, 1},
                new float[] {0.7f, 0.7f, 0});
        put(List.of("v"), "plain", Map.of("t", "p"), t0.plusSeconds(3));
        put(List.of("w"), "elsewhere", Map.of("t", "w"), t0.plusSeconds(4), new float[] {1, 0, 0});

        List<ScoredItem> found = items.search(search(List.of("v"), null, new float[] {2, 0.1f, 0}, 10, 0));
        assertThat(keys(found)).containsExactly("east", "northeast", "north", "plain");
        assertThat(found.get(0).score()).isCloseTo(0.9988, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(found.get(1).score()).isCloseTo(0.7415, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(found.get(3).score()).isNull();
        assertThat(found.get(0).item().value()).isEqualTo(Map.of("t", "e"));
        assertThat(found.get(1).item().value()).isEqualTo(Map.of("t", "ne"));

        assertThat(keys(items.search(search(List.of("v"), null, new float[] {2, 0.1f, 0}, 2, 1))))
                .containsExactly("northeast", "north");
        assertThat(keys(items.search(search(List.of("v"), Map.of("t", "n"), new float[] {1, 0, 0}, 10, 0))))
                .containsExactly("north");

        // a new version replaces the vectors
        put(List.of("v"), "north", Map.of("t", "n"), t0.plusSeconds(5), new float[] {1, 0, 0});
        assertThat(keys(items.search(search(List.of("v"), null, new float[] {0, 1, 0}, 1, 0))))
                .containsExactly("northeast");
        put(List.of("v"), "northeast", Map.of("t", "ne"), t0.plusSeconds(6));
        List<ScoredItem> unindexed = items.search(search(List.of("v"), null, new float[] {0, 1, 0}, 10, 0));
        assertThat(keys(unindexed)).containsExactly("north", "east", "northeast", "plain"); // ties and unscored: newest first
        assertThat(unindexed.get(2).score()).isNull();
    }

    @Test
    void namespacesArePrefixedSuffixedCutAndPaged() {
        put(List.of("users", "u1", "memories"), "k", Map.of(), t0);
        put(List.of("users", "u1", "prefs"), "k", Map.of(), t0);
        put(List.of("users", "u2", "memories"), "k", Map.of(), t0);
        put(List.of("users", "u2", "memories"), "k2", Map.of(), t0);
        put(List.of("docs"), "k", Map.of(), t0);
        Instant now = t0.plusSeconds(1);

        assertThat(items.namespaces(new NamespaceQuery(null, null, null, 100, 0), now)).containsExactly(
                List.of("docs"), List.of("users", "u1", "memories"), List.of("users", "u1", "prefs"),
                List.of("users", "u2", "memories"));
        assertThat(items.namespaces(new NamespaceQuery(List.of("users"), List.of("memories"), null, 100, 0), now))
                .containsExactly(List.of("users", "u1", "memories"), List.of("users", "u2", "memories"));
        assertThat(items.namespaces(new NamespaceQuery(List.of("users", "*", "prefs"), null, null, 100, 0), now))
                .containsExactly(List.of("users", "u1", "prefs"));
        assertThat(items.namespaces(new NamespaceQuery(List.of("users"), null, 2, 100, 0), now))
                .containsExactly(List.of("users", "u1"), List.of("users", "u2"));
        assertThat(items.namespaces(new NamespaceQuery(null, null, 1, 100, 0), now))
                .containsExactly(List.of("docs"), List.of("users"));
        assertThat(items.namespaces(new NamespaceQuery(null, null, null, 2, 1), now))
                .containsExactly(List.of("users", "u1", "memories"), List.of("users", "u1", "prefs"));
        assertThat(items.namespaces(new NamespaceQuery(List.of("user"), null, null, 100, 0), now)).isEmpty();
    }

    @Test
    void expiredItemsAreHiddenRefreshedOnReadAndDeleted() {
        items.put(StoreItem.written(List.of("t"), "short", Map.of("v", 1), t0, t0, 1.0), List.of(
                new ItemVector("$", new float[] {1, 0})));
        items.put(StoreItem.written(List.of("t"), "long", Map.of("v", 2), t0, t0, 10.0), List.of());
        put(List.of("t"), "forever", Map.of("v", 3), t0);
        StoreItem shortItem = items.get(List.of("t"), "short", t0).orElseThrow();
        assertThat(shortItem.ttlMinutes()).isEqualTo(1.0);
        assertThat(shortItem.expiresAt()).isEqualTo(t0.plusSeconds(60));

        Instant after = t0.plusSeconds(61);
        assertThat(items.get(List.of("t"), "short", after)).isEmpty();
        assertThat(items.find(List.of("t"), "short")).isPresent();
        ItemSearch late = new ItemSearch(List.of("t"), null, null, 10, 0, after);
        assertThat(keys(items.search(late))).containsExactlyInAnyOrder("long", "forever");
        assertThat(keys(items.search(new ItemSearch(List.of("t"), null, new float[] {1, 0}, 10, 0, after))))
                .doesNotContain("short");

        // a read at +50 s moves the expiry of "short" to +110 s
        items.refreshTtl(List.of(shortItem), t0.plusSeconds(50));
        assertThat(items.get(List.of("t"), "short", after)).isPresent();
        assertThat(items.get(List.of("t"), "short", after).orElseThrow().expiresAt()).isEqualTo(t0.plusSeconds(110));

        assertThat(items.deleteExpired(t0.plusSeconds(111))).isEqualTo(1);
        assertThat(items.find(List.of("t"), "short")).isEmpty();
        assertThat(items.namespaces(new NamespaceQuery(null, null, null, 10, 0), t0.plusSeconds(1000)))
                .containsExactly(List.of("t"));
        assertThat(items.deleteExpired(t0.plusSeconds(1000))).isEqualTo(1);
        assertThat(items.find(List.of("t"), "forever")).isPresent();
    }
}
