package io.spool.storage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An item of the long-term store: a JSON object {@code value} under {@code key} in {@code namespace} (a path of
 * labels, none empty or containing {@code '.'}). {@code ttlMinutes} is null when the item lives until it is deleted;
 * otherwise it expires at {@code expiresAt}, which a read with refresh moves to {@code ttlMinutes} from then.
 */
public record StoreItem(List<String> namespace, String key, Map<String, Object> value, Instant createdAt,
                        Instant updatedAt, Double ttlMinutes, Instant expiresAt) {

    public StoreItem {
        namespace = List.copyOf(namespace);
    }

    /** A new item, or a new version of one created at {@code createdAt}, written at {@code now}. */
    public static StoreItem written(List<String> namespace, String key, Map<String, Object> value, Instant createdAt,
                                    Instant now, Double ttlMinutes) {
        return new StoreItem(namespace, key, value, createdAt, now, ttlMinutes,
                ttlMinutes == null ? null : expiry(now, ttlMinutes));
    }

    /** Whether the item's TTL ran out at or before {@code now}. */
    public boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** The same item with its TTL counted again from {@code now} (itself when it has none). */
    public StoreItem refreshed(Instant now) {
        return ttlMinutes == null ? this
                : new StoreItem(namespace, key, value, createdAt, updatedAt, ttlMinutes, expiry(now, ttlMinutes));
    }

    /** The namespace as one text, labels joined by dots: unambiguous, since labels cannot contain one. */
    public String namespaceText() {
        return NamespaceText.join(namespace);
    }

    static Instant expiry(Instant from, double minutes) {
        return from.plusNanos(Math.round(minutes * 60e9));
    }
}
