package io.spool.storage.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where the database is, from {@code postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DB[?PARAMS]} (also {@code postgres://}
 * and {@code jdbc:postgresql://}). A user and password given apart ({@code SPOOL_POSTGRES_USER},
 * {@code SPOOL_POSTGRES_PASSWORD}) win over those in the URL.
 */
record PgUrl(String jdbcUrl, String user, String password, String host, int port, String database) {

    static PgUrl parse(String url, String user, String password) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("the postgres storage needs --postgres-url");
        String text = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--postgres-url is not a URL: " + url);
        }
        if (!"postgresql".equals(u.getScheme()) && !"postgres".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("--postgres-url must look like postgresql://USER@HOST:PORT/DB, got "
                    + url);
        }
        String db = u.getPath() == null || u.getPath().length() <= 1 ? "postgres" : u.getPath().substring(1);
        String urlUser = null;
        String urlPassword = null;
        if (u.getRawUserInfo() != null) {
            String[] parts = u.getRawUserInfo().split(":", 2);
            urlUser = decode(parts[0]);
            if (parts.length > 1) urlPassword = decode(parts[1]);
        }
        int port = u.getPort() < 0 ? 5432 : u.getPort();
        String jdbc = "jdbc:postgresql://" + u.getHost() + ":" + port + "/" + db
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        return new PgUrl(jdbc, user != null ? user : urlUser, password != null ? password : urlPassword, u.getHost(),
                port, db);
    }

    /** host:port/db, without credentials, for messages. */
    String where() {
        return host + ":" + port + "/" + database;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
