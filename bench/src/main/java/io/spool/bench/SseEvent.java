package io.spool.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One parsed SSE event, reused by its connection: name, data and id are copied bytes, valid until the listener
 * returns. Field access is allocation-free where the bench needs speed ({@link #nameIs}, {@link #longField}).
 */
final class SseEvent {

    private byte[] name = new byte[32];
    private int nameLen;
    private byte[] data = new byte[256];
    private int dataLen;
    private byte[] id = new byte[48];
    private int idLen = -1;
    boolean hasFields;
    /** Read time of the bytes that began this event, and of those that completed it. */
    long startNanos;
    long arrivalNanos;

    void reset() {
        nameLen = 0;
        dataLen = 0;
        idLen = -1;
        hasFields = false;
    }

    void line(byte[] b, int from, int to) {
        if (b[from] == ':') return; // comment, e.g. ": heartbeat"
        int colon = from;
        while (colon < to && b[colon] != ':') colon++;
        int v = colon + 1;
        if (v < to && b[v] == ' ') v++;
        if (colon >= to) v = to;
        int fieldLen = colon - from;
        if (is(b, from, fieldLen, "data")) {
            if (dataLen > 0) append('\n');
            appendData(b, v, to - v);
            hasFields = true;
        } else if (is(b, from, fieldLen, "event")) {
            if (name.length < to - v) name = new byte[to - v];
            System.arraycopy(b, v, name, 0, to - v);
            nameLen = to - v;
            hasFields = true;
        } else if (is(b, from, fieldLen, "id")) {
            if (id.length < to - v) id = new byte[to - v];
            System.arraycopy(b, v, id, 0, to - v);
            idLen = to - v;
            hasFields = true;
        }
        // "retry" and unknown fields are ignored
    }

    private static boolean is(byte[] b, int from, int len, String field) {
        if (len != field.length()) return false;
        for (int i = 0; i < len; i++) if (b[from + i] != field.charAt(i)) return false;
        return true;
    }

    private void append(char c) {
        if (dataLen == data.length) data = Arrays.copyOf(data, data.length * 2);
        data[dataLen++] = (byte) c;
    }

    private void appendData(byte[] b, int from, int len) {
        if (dataLen + len > data.length) data = Arrays.copyOf(data, Math.max(data.length * 2, dataLen + len));
        System.arraycopy(b, from, data, dataLen, len);
        dataLen += len;
    }

    /** The event name ("message" when the event had none). */
    String name() {
        return nameLen == 0 ? "message" : new String(name, 0, nameLen, StandardCharsets.UTF_8);
    }

    boolean nameIs(String n) {
        if (nameLen == 0) return n.equals("message");
        return is(name, 0, nameLen, n);
    }

    /** The id, or null if the event had no id line. */
    String id() {
        return idLen < 0 ? null : new String(id, 0, idLen, StandardCharsets.UTF_8);
    }

    String data() {
        return new String(data, 0, dataLen, StandardCharsets.UTF_8);
    }

    /**
     * The integer after the first {@code "key":} in the data, or {@link Long#MIN_VALUE} if there is none. Cheap
     * enough to run on every event of a burst ({@code {"i":N}}).
     */
    long longField(String key) {
        int kl = key.length();
        outer:
        for (int i = 0; i + kl + 3 <= dataLen; i++) {
            if (data[i] != '"') continue;
            for (int k = 0; k < kl; k++) if (data[i + 1 + k] != key.charAt(k)) continue outer;
            if (data[i + 1 + kl] != '"') continue;
            int p = i + 2 + kl;
            while (p < dataLen && data[p] == ' ') p++;
            if (p >= dataLen || data[p] != ':') continue;
            p++;
            while (p < dataLen && data[p] == ' ') p++;
            boolean neg = p < dataLen && data[p] == '-';
            if (neg) p++;
            long v = 0;
            int digits = 0;
            while (p < dataLen && data[p] >= '0' && data[p] <= '9') {
                v = v * 10 + (data[p++] - '0');
                digits++;
            }
            if (digits == 0) continue;
            return neg ? -v : v;
        }
        return Long.MIN_VALUE;
    }
}
