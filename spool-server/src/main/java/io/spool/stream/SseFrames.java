package io.spool.stream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds SSE frames. Event names and ids are stripped of CR/LF so a frame can never be split or forged. */
public final class SseFrames {

    public static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {
    }

    public static byte[] event(String event, byte[] jsonData, String id) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(jsonData.length + event.length() + 40);
        out.writeBytes(ascii("event: " + clean(event) + "\ndata: "));
        out.writeBytes(jsonData);
        out.writeBytes(id == null ? ascii("\n\n") : ascii("\nid: " + clean(id) + "\n\n"));
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String clean(String s) {
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replace("\r", "").replace("\n", "");
    }
}
