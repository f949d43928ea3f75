package io.spool.stream;

import io.spool.storage.StreamEvent;
import java.nio.charset.StandardCharsets;

/** Builds SSE frames. Event names and ids are stripped of CR/LF so a frame can never be split or forged. */
public final class SseFrames {

    public static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {
    }

    /** The frame of a log event: {@code event:}, {@code data:}, {@code id:} lines and a blank line. */
    public static byte[] of(StreamEvent e) {
        return event(e.event(), e.data(), e.id().toString());
    }

    /** One frame, built into an array of exactly its size: every reader of an event shares it. */
    public static byte[] event(String event, byte[] jsonData, String id) {
        byte[] head = ("event: " + clean(event) + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] tail = (id == null ? "\n\n" : "\nid: " + clean(id) + "\n\n").getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[head.length + jsonData.length + tail.length];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(jsonData, 0, frame, head.length, jsonData.length);
        System.arraycopy(tail, 0, frame, head.length + jsonData.length, tail.length);
        return frame;
    }

    private static String clean(String s) {
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replace("\r", "").replace("\n", "");
    }
}
