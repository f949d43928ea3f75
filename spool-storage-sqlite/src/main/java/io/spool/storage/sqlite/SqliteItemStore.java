package io.spool.storage.sqlite;

import io.spool.storage.ItemRanking;
import io.spool.storage.ItemSearch;
import io.spool.storage.ItemStore;
import io.spool.storage.ItemVector;
import io.spool.storage.NamespaceQuery;
import io.spool.storage.NamespaceText;
import io.spool.storage.ScoredItem;
import io.spool.storage.StoreItem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Store items in {@code store_items}, their embeddings as little-endian float32 BLOBs in {@code store_vectors};
 * semantic search reads the candidates' vectors and ranks them in Java ({@link ItemRanking}). Filters are applied in
 * Java too, with the same semantics as every backend.
 */
final class SqliteItemStore implements ItemStore {

    private static final String COLUMNS = "namespace, key, value, created_at, updated_at, ttl_minutes, expires_at";

    private final Sql writer;
    private final Sql reader;

    SqliteItemStore(Sql writer, Sql reader) {
        this.writer = writer;
        this.reader = reader;
    }

    @Override
    public void put(StoreItem item, List<ItemVector> vectors) {
        String ns = item.namespaceText();
        writer.transaction(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "INSERT OR REPLACE INTO store_items (" + COLUMNS
                    + ") VALUES (?,?,?,?,?,?,?)", ns, item.key(), JsonColumns.write(item.value()),
                    Micros.of(item.createdAt()), Micros.of(item.updatedAt()), item.ttlMinutes(), micros(item.expiresAt()))) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = Sql.prepare(c, "DELETE FROM store_vectors WHERE namespace = ? AND key = ?", ns,
                    item.key())) {
                ps.executeUpdate();
            }
            if (!vectors.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT OR REPLACE INTO store_vectors (namespace, key, field, vector) VALUES (?,?,?,?)")) {
                    for (ItemVector v : vectors) {
                        ps.setString(1, ns);
                        ps.setString(2, item.key());
                        ps.setString(3, v.field());
                        ps.setBytes(4, bytes(v.vector()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public Optional<StoreItem> get(List<String> namespace, String key, Instant now) {
        return find(namespace, key).filter(i -> !i.expired(now));
    }

    @Override
    public Optional<StoreItem> find(List<String> namespace, String key) {
        return reader.query("SELECT " + COLUMNS + " FROM store_items WHERE namespace = ? AND key = ?",
                SqliteItemStore::row, NamespaceText.join(namespace), key).stream().findFirst();
    }

    @Override
    public boolean delete(List<String> namespace, String key) {
        String ns = NamespaceText.join(namespace);
        return writer.transaction(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "DELETE FROM store_vectors WHERE namespace = ? AND key = ?",
                    ns, key)) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = Sql.prepare(c, "DELETE FROM store_items WHERE namespace = ? AND key = ?",
                    ns, key)) {
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<ScoredItem> search(ItemSearch s) {
        return s.query() == null ? newest(s) : nearest(s);
    }

    /** Without a query: newest first, read in that order until the page is full. */
    private List<ScoredItem> newest(ItemSearch s) {
        List<Object> params = new ArrayList<>();
        String where = where("", s.namespacePrefix(), s.now(), params);
        List<ScoredItem> page = new ArrayList<>();
        int[] skip = {s.offset()};
        if (s.limit() == 0) return page;
        reader.scan("SELECT " + COLUMNS + " FROM store_items WHERE " + where
                + " ORDER BY updated_at DESC, namespace, key", rs -> {
                    StoreItem item = row(rs);
                    if (!s.matches(item)) return true;
                    if (skip[0] > 0) {
                        skip[0]--;
                        return true;
                    }
                    page.add(new ScoredItem(item, null));
                    return page.size() < s.limit();
                }, params.toArray());
        return page;
    }

    /**
     * With a query: every candidate's vectors, ranked in Java. Values are parsed only when a filter needs them and
     * for the page itself, so ranking many items costs their vectors, not their JSON.
     */
    private List<ScoredItem> nearest(ItemSearch s) {
        List<Object> params = new ArrayList<>();
        String where = where("i.", s.namespacePrefix(), s.now(), params);
        ItemRanking ranking = new ItemRanking(s);
        Map<String, String> rawValues = new HashMap<>();
        boolean filtered = !s.filter().isEmpty();
        Candidate[] current = {null};
        reader.scan("SELECT i.namespace, i.key, i.value, i.created_at, i.updated_at, i.ttl_minutes, i.expires_at, "
                + "v.field, v.vector FROM store_items i LEFT JOIN store_vectors v ON v.namespace = i.namespace "
                + "AND v.key = i.key WHERE " + where + " ORDER BY i.namespace, i.key", rs -> {
                    String ns = rs.getString(1);
                    String key = rs.getString(2);
                    Candidate c = current[0];
                    if (c == null || !c.namespace.equals(ns) || !c.key.equals(key)) {
                        if (c != null) c.offerTo(ranking, s, rawValues);
                        c = new Candidate(ns, key, rs.getString(3), rs.getLong(4), rs.getLong(5),
                                ttl(rs), expiry(rs), filtered);
                        current[0] = c;
                    }
                    byte[] blob = rs.getBytes(9);
                    if (blob != null) c.vectors.add(new ItemVector(rs.getString(8), floats(blob)));
                    return true;
                }, params.toArray());
        if (current[0] != null) current[0].offerTo(ranking, s, rawValues);
        return ranking.page().stream().map(r -> r.item().value() != null ? r : new ScoredItem(withValue(r.item(),
                JsonColumns.map(rawValues.get(id(r.item().namespaceText(), r.item().key())))), r.score())).toList();
    }

    /** One item's row and vectors while they are read. */
    private static final class Candidate {
        final String namespace;
        final String key;
        final String rawValue;
        final StoreItem item;
        final List<ItemVector> vectors = new ArrayList<>(1);

        Candidate(String namespace, String key, String rawValue, long created, long updated, Double ttl,
                  Instant expires, boolean parse) {
            this.namespace = namespace;
            this.key = key;
            this.rawValue = rawValue;
            this.item = new StoreItem(NamespaceText.split(namespace), key, parse ? JsonColumns.map(rawValue) : null,
                    Micros.instant(created), Micros.instant(updated), ttl, expires);
        }

        void offerTo(ItemRanking ranking, ItemSearch s, Map<String, String> rawValues) {
            if (item.value() != null && !s.matches(item)) return;
            if (item.value() == null) rawValues.put(id(namespace, key), rawValue);
            ranking.offer(item, vectors);
        }
    }

    private static String id(String namespace, String key) {
        return namespace + "\u0000" + key;
    }

    private static StoreItem withValue(StoreItem i, Map<String, Object> value) {
        return new StoreItem(i.namespace(), i.key(), value, i.createdAt(), i.updatedAt(), i.ttlMinutes(),
                i.expiresAt());
    }

    /** Rows under {@code prefix} not expired at {@code now}; the prefix as an exact match or a key range. */
    private static String where(String alias, List<String> prefix, Instant now, List<Object> params) {
        StringBuilder w = new StringBuilder("(" + alias + "expires_at IS NULL OR " + alias + "expires_at > ?)");
        params.add(Micros.of(now));
        if (!prefix.isEmpty()) {
            w.append(" AND (").append(alias).append("namespace = ? OR (").append(alias).append("namespace >= ? AND ")
                    .append(alias).append("namespace < ?))");
            params.add(NamespaceText.join(prefix));
            params.add(NamespaceText.rangeStart(prefix));
            params.add(NamespaceText.rangeEnd(prefix));
        }
        return w.toString();
    }

    @Override
    public List<List<String>> namespaces(NamespaceQuery q, Instant now) {
        List<Object> params = new ArrayList<>();
        String where = where("", q.fixedPrefix(), now, params);
        List<List<String>> all = reader.query("SELECT DISTINCT namespace FROM store_items WHERE " + where,
                rs -> NamespaceText.split(rs.getString(1)), params.toArray());
        return q.page(all);
    }

    @Override
    public void refreshTtl(List<StoreItem> items, Instant now) {
        List<StoreItem> withTtl = items.stream().filter(i -> i.ttlMinutes() != null).toList();
        if (withTtl.isEmpty()) return;
        writer.transaction(c -> {
            // only the version that was read: a put since then keeps its own expiry
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE store_items SET expires_at = ? WHERE namespace = ? AND key = ? AND updated_at = ?")) {
                for (StoreItem i : withTtl) {
                    ps.setLong(1, Micros.of(i.refreshed(now).expiresAt()));
                    ps.setString(2, i.namespaceText());
                    ps.setString(3, i.key());
                    ps.setLong(4, Micros.of(i.updatedAt()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public int deleteExpired(Instant now) {
        long at = Micros.of(now);
        return writer.transaction(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "DELETE FROM store_vectors WHERE (namespace, key) IN "
                    + "(SELECT namespace, key FROM store_items WHERE expires_at <= ?)", at)) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = Sql.prepare(c, "DELETE FROM store_items WHERE expires_at <= ?", at)) {
                return ps.executeUpdate();
            }
        });
    }

    private static StoreItem row(ResultSet rs) throws SQLException {
        return new StoreItem(NamespaceText.split(rs.getString(1)), rs.getString(2), JsonColumns.map(rs.getString(3)),
                Micros.instant(rs.getLong(4)), Micros.instant(rs.getLong(5)), ttl(rs), expiry(rs));
    }

    /** Columns 6 and 7 of an item row: the TTL in minutes and the expiry, both null without a TTL. */
    private static Double ttl(ResultSet rs) throws SQLException {
        return rs.getObject(6) instanceof Number n ? n.doubleValue() : null;
    }

    private static Instant expiry(ResultSet rs) throws SQLException {
        return rs.getObject(7) instanceof Number n ? Micros.instant(n.longValue()) : null;
    }

    private static Long micros(Instant i) {
        return i == null ? null : Micros.of(i);
    }

    static byte[] bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] floats(byte[] blob) {
        float[] v = new float[blob.length / 4];
        ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
