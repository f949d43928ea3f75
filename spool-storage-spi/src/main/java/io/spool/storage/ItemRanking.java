package io.spool.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The ordering of {@link ItemSearch} in Java, for backends that rank where they read: newest update first without a
 * query vector; with one, by the best cosine similarity of an item's vectors, unindexed items last (newest first).
 * Keeps only the {@code offset + limit} best, so ranking many items holds few.
 */
public final class ItemRanking {

    /** Newest update first, then namespace and key, so pages never overlap. */
    public static final Comparator<StoreItem> NEWEST = Comparator.comparing(StoreItem::updatedAt).reversed()
            .thenComparing(StoreItem::namespaceText).thenComparing(StoreItem::key);

    private static final Comparator<ScoredItem> BEST = Comparator
            .comparing((ScoredItem s) -> s.score() == null ? Double.NEGATIVE_INFINITY : s.score()).reversed()
            .thenComparing(ScoredItem::item, NEWEST);

    private final ItemSearch search;
    private final float[] query;
    private final double queryNorm;
    private final int keep;
    private final PriorityQueue<ScoredItem> worstFirst;

    public ItemRanking(ItemSearch search) {
        this.search = search;
        this.query = search.query();
        this.queryNorm = query == null ? 0 : norm(query);
        this.keep = (int) Math.min(Integer.MAX_VALUE - 1, (long) search.offset() + search.limit());
        this.worstFirst = new PriorityQueue<>(BEST.reversed());
    }

    /** Offers a matching item with its vectors (ignored without a query). */
    public void offer(StoreItem item, List<ItemVector> vectors) {
        Double score = null;
        if (query != null && vectors != null) {
            for (ItemVector v : vectors) {
                double s = cosine(v.vector());
                if (score == null || s > score) score = s;
            }
        }
        offerScored(new ScoredItem(item, score));
    }

    /** Offers an item whose score is already known (null: none). */
    public void offerScored(ScoredItem scored) {
        if (keep == 0) return;
        worstFirst.add(scored);
        if (worstFirst.size() > keep) worstFirst.poll();
    }

    /** The page, best first; scores only when the search had a query. */
    public List<ScoredItem> page() {
        List<ScoredItem> all = new ArrayList<>(worstFirst);
        all.sort(BEST);
        List<ScoredItem> page = all.subList(Math.min(search.offset(), all.size()), all.size());
        if (query != null) return List.copyOf(page);
        return page.stream().map(s -> new ScoredItem(s.item(), null)).toList();
    }

    /** Cosine similarity of {@code v} to the query; 0 when either is all zeros or their sizes differ. */
    public double cosine(float[] v) {
        if (v.length != query.length) return 0;
        double dot = 0;
        double vv = 0;
        for (int i = 0; i < v.length; i++) {
            dot += (double) v[i] * query[i];
            vv += (double) v[i] * v[i];
        }
        double d = Math.sqrt(vv) * queryNorm;
        return d == 0 ? 0 : dot / d;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += (double) x * x;
        return Math.sqrt(s);
    }
}
