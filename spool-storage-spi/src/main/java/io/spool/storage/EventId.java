package io.spool.storage;

import java.util.regex.Pattern;

/**
 * A thread log event id, {@code <epoch-ms>-<seq>}: the shape of a Redis stream id, which the official clients expect.
 * Ids are strictly increasing within a thread.
 */
public record EventId(long ms, long seq) implements Comparable<EventId> {

    /** Before every real id: a cursor at {@code START} replays the whole log. */
    public static final EventId START = new EventId(0, 0);

    private static final Pattern SHAPE = Pattern.compile("\\d{1,19}(-(\\d{1,19}|\\*))?");

    @Override
    public int compareTo(EventId o) {
        int c = Long.compare(ms, o.ms);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    public boolean after(EventId o) {
        return compareTo(o) > 0;
    }

    /** The next id after this one at wall-clock time {@code nowMs}; never goes backwards if the clock does. */
    public EventId next(long nowMs) {
        return nowMs > ms ? new EventId(nowMs, 0) : new EventId(ms, seq + 1);
    }

    /** The greatest possible id below this one: a cursor that reads this event next. */
    public EventId justBefore() {
        return seq > 0 ? new EventId(ms, seq - 1) : new EventId(ms - 1, Long.MAX_VALUE);
    }

    @Override
    public String toString() {
        return ms + "-" + seq;
    }

    /**
     * Parses a {@code Last-Event-ID} cursor: {@code <ms>}, {@code <ms>-<seq>} or {@code <ms>-*} (after every event of
     * that millisecond). Returns null when the text has none of these shapes.
     */
    public static EventId parseCursor(String text) {
        if (text == null || !SHAPE.matcher(text).matches()) return null;
        try {
            int dash = text.indexOf('-');
            if (dash < 0) return new EventId(Long.parseLong(text), 0);
            long ms = Long.parseLong(text.substring(0, dash));
            String s = text.substring(dash + 1);
            return new EventId(ms, s.equals("*") ? Long.MAX_VALUE : Long.parseLong(s));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
