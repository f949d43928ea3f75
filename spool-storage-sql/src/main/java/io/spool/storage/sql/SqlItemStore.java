package io.spool.storage.sql;

import static io.spool.storage.sql.Statements.prepare;
import static io.spool.storage.sql.Statements.update;

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
import java.sql.Connection;
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
 * Store items in {@code store_items}, their embeddings (every one, in order) as little-endian float32 bytes in
 * {@code store_vectors}, in SQL that SQLite and PostgreSQL both speak (upserts by {@code ON CONFLICT}, row values). A
 * namespace is one text column, its labels joined by '.', so a prefix's items are a key range (on PostgreSQL the
 * columns use the "C" collation, so the range is bytewise as on SQLite). Semantic search reads the candidates' vectors and ranks them in Java
 * ({@link ItemRanking}); filters are applied in Java too, with the same semantics as every backend.
 */
public final class SqlItemStore implements ItemStore {

    private static final String COLUMNS = "namespace, key, value, created_at, updated_at, ttl_minutes, expires_at";

    /** Rows a cursor fetches at once when ranking: enough to amortise round trips, few enough to hold. */
    private static final int RANK_FETCH = 500;

    private final SqlAccess db;

    public SqlItemStore(SqlAccess db) {
        this.db = db;
    }

    @Override
    public void put(StoreItem item, List<ItemVector> vectors) {
        String ns = item.namespaceText();
        db.write(c -> {
            update(c, "INSERT INTO store_items (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?) ON CONFLICT (namespace, key) "
                    + "DO UPDATE SET value = excluded.value, created_at = excluded.created_at, "
                    + "updated_at = excluded.updated_at, ttl_minutes = excluded.ttl_minutes, "
                    + "expires_at = excluded.expires_at", ns, item.key(), JsonColumns.write(item.value()),
                    Micros.of(item.createdAt()), Micros.of(item.updatedAt()), item.ttlMinutes(),
                    micros(item.expiresAt()));
            update(c, "DELETE FROM store_vectors WHERE namespace = ? AND key = ?", ns, item.key());
            if (!vectors.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO store_vectors (namespace, key, ord, field, vector) VALUES (?,?,?,?,?)")) {
                    for (int i = 0; i < vectors.size(); i++) {
                        ItemVector v = vectors.get(i);
                        ps.setString(1, ns);
                        ps.setString(2, item.key());
                        ps.setInt(3, i);
                        ps.setString(4, v.field());
                        ps.setBytes(5, bytes(v.vector()));
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
        return db.read(c -> {
            try (PreparedStatement ps = prepare(c, "SELECT " + COLUMNS + " FROM store_items WHERE namespace = ? "
                    + "AND key = ?", NamespaceText.join(namespace), key); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.<StoreItem>empty();
            }
        });
    }

    @Override
    public boolean delete(List<String> namespace, String key) {
        String ns = NamespaceText.join(namespace);
        return db.write(c -> {
            update(c, "DELETE FROM store_vectors WHERE namespace = ? AND key = ?", ns, key);
            return update(c, "DELETE FROM store_items WHERE namespace = ? AND key = ?", ns, key) == 1;
        });
    }

    @Override
    public List<ScoredItem> search(ItemSearch s) {
        if (s.limit() == 0) return List.of();
        return s.query() == null ? newest(s) : nearest(s);
    }

    /**
     * Without a query: newest first, read in that order until the page is full. Without a filter the database skips
     * and limits (no row before the page is read, let alone parsed); a filter is applied here, row by row.
     */
    private List<ScoredItem> newest(ItemSearch s) {
        List<Object> params = new ArrayList<>();
        String where = where("", s.namespacePrefix(), s.now(), params);
        boolean filtered = !s.filter().isEmpty();
        String page = "";
        if (!filtered) {
            page = " LIMIT ? OFFSET ?";
            params.add(s.limit());
            params.add(s.offset());
        }
        String sql = "SELECT " + COLUMNS + " FROM store_items WHERE " + where
                + " ORDER BY updated_at DESC, namespace, key" + page;
        return db.read(c -> {
            List<ScoredItem> found = new ArrayList<>();
            int skip = filtered ? s.offset() : 0;
            try (PreparedStatement ps = prepare(c, sql, params.toArray())) {
                // a filter may pass few rows, so fetch past the page, but not the whole table at once
                ps.setFetchSize((int) Math.min(RANK_FETCH, (long) s.offset() + s.limit() + 1));
                try (ResultSet rs = ps.executeQuery()) {
                    while (found.size() < s.limit() && rs.next()) {
                        StoreItem item = row(rs);
                        if (!s.matches(item)) continue;
                        if (skip > 0) {
                            skip--;
                            continue;
                        }
                        found.add(new ScoredItem(item, null));
                    }
                }
            }
            return found;
        });
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
        db.read(c -> {
            try (PreparedStatement ps = prepare(c, "SELECT i.namespace, i.key, i.value, i.created_at, i.updated_at, "
                    + "i.ttl_minutes, i.expires_at, v.field, v.vector FROM store_items i LEFT JOIN store_vectors v "
                    + "ON v.namespace = i.namespace AND v.key = i.key WHERE " + where + " ORDER BY i.namespace, i.key",
                    params.toArray())) {
                ps.setFetchSize(RANK_FETCH);
                try (ResultSet rs = ps.executeQuery()) {
                    Candidate current = null;
                    while (rs.next()) {
                        String ns = rs.getString(1);
                        String key = rs.getString(2);
                        if (current == null || !current.namespace.equals(ns) || !current.key.equals(key)) {
                            if (current != null) current.offerTo(ranking, s, rawValues);
                            current = new Candidate(ns, key, rs.getString(3), rs.getLong(4), rs.getLong(5), ttl(rs),
                                    expiry(rs), filtered);
                        }
                        byte[] blob = rs.getBytes(9);
                        if (blob != null) current.vectors.add(new ItemVector(rs.getString(8), floats(blob)));
                    }
                    if (current != null) current.offerTo(ranking, s, rawValues);
                }
            }
            return null;
        });
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
        List<List<String>> all = db.read(c -> {
            List<List<String>> out = new ArrayList<>();
            try (PreparedStatement ps = prepare(c, "SELECT DISTINCT namespace FROM store_items WHERE " + where,
                    params.toArray()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(NamespaceText.split(rs.getString(1)));
            }
            return out;
        });
        return q.page(all);
    }

    @Override
    public void refreshTtl(List<StoreItem> items, Instant now) {
        List<StoreItem> withTtl = items.stream().filter(i -> i.ttlMinutes() != null).toList();
        if (withTtl.isEmpty()) return;
        db.write(c -> {
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
        return db.write(c -> {
            update(c, "DELETE FROM store_vectors WHERE (namespace, key) IN "
                    + "(SELECT namespace, key FROM store_items WHERE expires_at <= ?)", at);
            return update(c, "DELETE FROM store_items WHERE expires_at <= ?", at);
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
