package io.spool.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The raw ceiling: a bare Java program that answers {@code GET /?count=N} with N SSE frames
 * {@code event: custom\ndata: {"i":N}\nid: <ms>-<seq>\n\n}, chunked like Spool's responses, written as fast as it
 * can over a plain {@link ServerSocket}. No framework, no storage, no JSON library: what is left is the cost of the
 * bytes, the kernel's loopback and the client, i.e. the limit of this machine for one stream.
 */
final class RawServer {

    private static final int FRAMES_PER_WRITE = 512; // the same batch as Spool's LogPump

    private RawServer() {
    }

    static void run(Args a) throws IOException {
        int port = a.integer("port", 18199);
        try (ServerSocket ss = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            System.out.println("raw-server: listening on http://127.0.0.1:" + ss.getLocalPort());
            while (true) {
                Socket s = ss.accept();
                Thread.ofVirtual().start(() -> serve(s));
            }
        }
    }

    private static void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            String target = readRequestTarget(s.getInputStream());
            long count = 1000;
            int q = target.indexOf("count=");
            if (q >= 0) count = Long.parseLong(target.substring(q + 6).replaceAll("[^0-9].*", ""));
            OutputStream out = s.getOutputStream();
            if (target.startsWith("/ok")) {
                out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}"
                        .getBytes(StandardCharsets.ISO_8859_1));
                return;
            }
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Frames f = new Frames();
            long lastMs = 0;
            long seq = 0;
            for (long i = 0; i < count; i++) {
                long now = System.currentTimeMillis();
                if (now > lastMs) {
                    lastMs = now;
                    seq = 0;
                } else {
                    seq++;
                }
                f.frame(i, lastMs, seq);
                if ((i + 1) % FRAMES_PER_WRITE == 0) f.writeChunk(out);
            }
            f.writeChunk(out);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            // client went away
        }
    }

    private static String readRequestTarget(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) break;
        }
        String first = head.toString().split("\r\n", 2)[0];
        String[] parts = first.split(" ");
        return parts.length > 1 ? parts[1] : "/";
    }

    /** Builds frames into one byte array, then writes it as one chunk. */
    private static final class Frames {
        private static final byte[] HEAD = "event: custom\ndata: {\"i\":".getBytes(StandardCharsets.ISO_8859_1);
        private static final byte[] MID = "}\nid: ".getBytes(StandardCharsets.ISO_8859_1);
        private byte[] buf = new byte[64 * 1024];
        private int len;

        void frame(long i, long ms, long seq) {
            if (len + 128 > buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            System.arraycopy(HEAD, 0, buf, len, HEAD.length);
            len += HEAD.length;
            number(i);
            System.arraycopy(MID, 0, buf, len, MID.length);
            len += MID.length;
            number(ms);
            buf[len++] = '-';
            number(seq);
            buf[len++] = '\n';
            buf[len++] = '\n';
        }

        private void number(long v) {
            if (v == 0) {
                buf[len++] = '0';
                return;
            }
            int start = len;
            while (v > 0) {
                buf[len++] = (byte) ('0' + v % 10);
                v /= 10;
            }
            for (int l = start, r = len - 1; l < r; l++, r--) {
                byte t = buf[l];
                buf[l] = buf[r];
                buf[r] = t;
            }
        }

        void writeChunk(OutputStream out) throws IOException {
            if (len == 0) return;
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            buf[len] = '\r'; // room is guaranteed by frame()
            buf[len + 1] = '\n';
            out.write(buf, 0, len + 2);
            len = 0;
        }
    }
}
