package io.spool.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sequential JSON requests over one kept-alive HTTP/1.1 socket, with nothing between the measurement and the wire:
 * {@link java.net.http.HttpClient} costs a few milliseconds of CPU per request on this class of machine, which on two
 * cores would be taken from the server being measured. Reads Content-Length and chunked bodies.
 */
final class KeepAliveClient implements AutoCloseable {

    private final String host;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    KeepAliveClient(String baseUrl) throws IOException {
        URI u = URI.create(baseUrl);
        this.host = u.getHost() + ":" + u.getPort();
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(u.getHost(), u.getPort()), 10_000);
        socket.setSoTimeout(900_000);
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    /** POSTs a JSON body; returns the response body, or throws on a non-2xx status. */
    String post(String path, byte[] json) throws IOException {
        return send("POST", path, json);
    }

    /** Sends a JSON body with {@code method}; returns the response body, or throws on a non-2xx status. */
    String send(String method, String path, byte[] json) throws IOException {
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + json.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(json, 0, request, head.length, json.length);
        out.write(request);
        out.flush();

        String status = line();
        int code = Integer.parseInt(status.split(" ", 3)[1]);
        long length = -1;
        boolean chunked = false;
        String h;
        while (!(h = line()).isEmpty()) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) length = Long.parseLong(lower.substring(15).trim());
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (code == 204 || code == 304) {
            // no body, whatever the headers say
        } else if (chunked) {
            long size;
            while ((size = Long.parseLong(line().split(";", 2)[0].trim(), 16)) > 0) {
                copy(size, body);
                line();
            }
            while (!line().isEmpty()) { // trailers
            }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            throw new IOException("response without a length on a kept-alive connection: " + status);
        }
        String text = body.toString(StandardCharsets.UTF_8);
        if (code / 100 != 2) throw new IOException(method + " " + path + " -> " + code + " " + Json.abbreviate(text));
        return text;
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(n, buf.length));
            if (r < 0) throw new IOException("connection closed in a response body");
            to.write(buf, 0, r);
            n -= r;
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new IOException("connection closed in a response head");
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
