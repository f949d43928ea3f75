package io.spool.http;

import io.spool.errors.ApiError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code GET /ui} and {@code GET /ui/{file}}: the Spool console, static files of the jar ({@code spool/ui/}) that
 * talk to this server's API from the browser. Only plain file names of the kinds below are looked up, so no request
 * reaches outside that folder; files are read once and revalidated by ETag.
 */
final class UiRoutes {

    static final String UI_FOLDER = "/spool/ui/";
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    /** The page may load and call nothing but this server: no CDN, no other origin, no inline script. */
    private static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'";

    private record File(byte[] body, String type, String etag) {
    }

    private final Map<String, Optional<File>> files = new ConcurrentHashMap<>();

    void register(Router r) {
        r.add("GET", "/ui", ex -> send(ex, "index.html"));
        r.add("GET", "/ui/{file}", ex -> send(ex, ex.path("file")));
    }

    private void send(Exchange ex, String name) {
        File file = (FILE_NAME.matcher(name).matches() ? files.computeIfAbsent(name, UiRoutes::load) : Optional.<File>empty())
                .orElseThrow(() -> ApiError.notFound("The console has no file " + name));
        ex.header("Cache-Control", "no-cache");
        ex.header("ETag", file.etag());
        ex.header("X-Content-Type-Options", "nosniff");
        ex.header("Content-Security-Policy", CSP);
        if (file.etag().equals(ex.header("If-None-Match"))) {
            ex.noContent(304);
            return;
        }
        ex.respond(200, file.type(), file.body());
    }

    private static Optional<File> load(String name) {
        try (InputStream in = UiRoutes.class.getResourceAsStream(UI_FOLDER + name)) {
            if (in == null) return Optional.empty();
            byte[] body = in.readAllBytes();
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            return Optional.of(new File(body, type, "\"" + sha256(body).substring(0, 16) + "\""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
