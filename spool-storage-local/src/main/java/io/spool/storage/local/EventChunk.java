package io.spool.storage.local;

import io.spool.storage.EventId;
import io.spool.storage.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Consecutive events of one thread packed into one row's blob (the SQLite and PostgreSQL event tables). Storing a
 * batch as one row instead of a row per event makes the log writer's cost per event a copy into a buffer rather than a
 * B-tree insert, which is what lets a burst of a million events be stored as fast as it is streamed.
 *
 * <p>Layout per event: {@code ms} (8 bytes), {@code seq} (8), a flags byte, then the run id and the event name unless
 * the flags say they repeat the previous event's, then the data's length (4) and bytes. Strings are a length (2) and
 * UTF-8 bytes.
 */
public final class EventChunk {

    /** A chunk holds at most this many events, or about this many bytes, so one resume decodes little. */
    public static final int MAX_EVENTS = 4096;
    public static final int MAX_BYTES = 1 << 20;

    private static final int RUN_END = 1;
    private static final int NO_RUN = 2;
    private static final int SAME_RUN = 4;
    private static final int SAME_NAME = 8;

    private EventChunk() {
    }

    /** Splits a thread's events (in id order) into chunks that respect the limits above. */
    public static List<List<StreamEvent>> split(List<StreamEvent> events) {
        List<List<StreamEvent>> chunks = new ArrayList<>();
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < events.size(); i++) {
            bytes += events.get(i).data().length + 64;
            if (i - from + 1 == MAX_EVENTS || bytes >= MAX_BYTES || i == events.size() - 1) {
                chunks.add(events.subList(from, i + 1));
                from = i + 1;
                bytes = 0;
            }
        }
        return chunks;
    }

    public static byte[] encode(List<StreamEvent> events) {
        Buffer out = new Buffer(events.size() * 64);
        StreamEvent previous = null;
        for (StreamEvent e : events) {
            int flags = e.runEnd() ? RUN_END : 0;
            if (e.runId() == null) flags |= NO_RUN;
            else if (previous != null && e.runId().equals(previous.runId())) flags |= SAME_RUN;
            if (previous != null && e.event().equals(previous.event())) flags |= SAME_NAME;
            out.putLong(e.id().ms());
            out.putLong(e.id().seq());
            out.put((byte) flags);
            if ((flags & (NO_RUN | SAME_RUN)) == 0) out.putString(e.runId());
            if ((flags & SAME_NAME) == 0) out.putString(e.event());
            out.putInt(e.data().length);
            out.put(e.data(), e.data().length);
            previous = e;
        }
        return out.bytes();
    }

    /** Decodes a chunk, keeping only the events after {@code after}. */
    public static void decodeAfter(byte[] chunk, EventId after, List<StreamEvent> into) {
        int p = 0;
        String runId = null;
        String name = null;
        while (p < chunk.length) {
            long ms = getLong(chunk, p);
            long seq = getLong(chunk, p + 8);
            int flags = chunk[p + 16];
            p += 17;
            if ((flags & NO_RUN) != 0) {
                runId = null;
            } else if ((flags & SAME_RUN) == 0) {
                int n = getShort(chunk, p);
                runId = new String(chunk, p + 2, n, StandardCharsets.UTF_8);
                p += 2 + n;
            }
            if ((flags & SAME_NAME) == 0) {
                int n = getShort(chunk, p);
                name = new String(chunk, p + 2, n, StandardCharsets.UTF_8);
                p += 2 + n;
            }
            int length = getInt(chunk, p);
            p += 4;
            EventId id = new EventId(ms, seq);
            if (id.after(after)) {
                into.add(new StreamEvent(id, runId, name, Arrays.copyOfRange(chunk, p, p + length),
                        (flags & RUN_END) != 0));
            }
            p += length;
        }
    }

    private static long getLong(byte[] b, int p) {
        return ((long) getInt(b, p) << 32) | (getInt(b, p + 4) & 0xFFFFFFFFL);
    }

    private static int getInt(byte[] b, int p) {
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }

    private static int getShort(byte[] b, int p) {
        return (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    /** A growable byte array with big-endian writes. */
    private static final class Buffer {
        private byte[] bytes;
        private int size;

        Buffer(int capacity) {
            bytes = new byte[Math.max(capacity, 64)];
        }

        void put(byte b) {
            ensure(1);
            bytes[size++] = b;
        }

        void put(byte[] b, int length) {
            ensure(length);
            System.arraycopy(b, 0, bytes, size, length);
            size += length;
        }

        void putInt(int v) {
            ensure(4);
            bytes[size++] = (byte) (v >>> 24);
            bytes[size++] = (byte) (v >>> 16);
            bytes[size++] = (byte) (v >>> 8);
            bytes[size++] = (byte) v;
        }

        void putLong(long v) {
            putInt((int) (v >>> 32));
            putInt((int) v);
        }

        void putString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > 0xFFFF) throw new IllegalArgumentException("name longer than 65535 bytes: " + s.substring(0, 40));
            ensure(2);
            bytes[size++] = (byte) (b.length >>> 8);
            bytes[size++] = (byte) b.length;
            put(b, b.length);
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, size);
        }

        private void ensure(int n) {
            if (size + n > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
        }
    }
}
