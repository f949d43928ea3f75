package io.spool.openapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends (malformed escapes, odd headers): writes
 * the request as given and reads the status line, the headers and at most {@value #MAX_BODY} bytes of the body. An
 * event stream is closed as soon as its headers arrived; any response ends at {@code timeoutMillis}.
 */
final class RawHttp {

    private static final int MAX_BODY = 64 * 1024;

    record Reply(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final int port;
    private final int timeoutMillis;

    RawHttp(int port, int timeoutMillis) {
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** {@code target} is sent verbatim (path and query, escapes as they are); status 0 when nothing came back. */
    Reply send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(timeoutMillis);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
            head.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) out.write(body);
            out.flush();
            return read(s.getInputStream());
        }
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int headerEnd = -1;
        byte[] chunk = new byte[8192];
        try {
            while (buf.size() < MAX_BODY) {
                int n = in.read(chunk);
                if (n < 0) break;
                buf.write(chunk, 0, n);
                if (headerEnd < 0) {
                    headerEnd = buf.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
                    if (headerEnd >= 0 && isEventStream(buf.toString(StandardCharsets.ISO_8859_1), headerEnd)) break;
                }
            }
        } catch (SocketTimeoutException e) {
            // a long response (a stream, a kept-alive /wait): what arrived is enough
        } catch (IOException e) {
            if (buf.size() == 0) return new Reply(0, Map.of(), e.toString());
        }
        String all = buf.toString(StandardCharsets.UTF_8);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) return new Reply(0, Map.of(), all);
        String[] lines = all.substring(0, end).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        return new Reply(Integer.parseInt(statusLine[1]), headers, all.substring(end + 4));
    }

    private static boolean isEventStream(String head, int end) {
        return head.substring(0, end).toLowerCase(Locale.ROOT).contains("content-type: text/event-stream");
    }
}
