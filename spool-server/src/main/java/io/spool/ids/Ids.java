package io.spool.ids;

import io.spool.graph.NameBasedUuid;
import java.security.SecureRandom;
import java.util.UUID;

/** Identifiers: time-ordered UUIDv7 for what the server creates, UUIDv5 for system assistants. */
public final class Ids {

    /** The namespace of system assistant ids (the URL namespace of RFC 4122), as the official servers use. */
    public static final UUID ASSISTANT_NAMESPACE = UUID.fromString("6ba7b821-9dad-11d1-80b4-00c04fd430c8");

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** A UUIDv7: 48 bits of epoch milliseconds, then random bits; sorts by creation time. */
    public static String uuid7() {
        long ms = System.currentTimeMillis();
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (ms << 16) | (0x7L << 12) | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    /** A name-based UUIDv5 (SHA-1). */
    public static String uuid5(UUID namespace, String name) {
        return NameBasedUuid.v5(namespace, name);
    }

    /** Whether {@code text} is a UUID in its canonical 36-character form. */
    public static boolean isUuid(String text) {
        if (text == null || text.length() != 36) return false;
        try {
            UUID.fromString(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
