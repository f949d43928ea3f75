package io.spool.auth;

import java.util.List;
import java.util.Map;

/** What an {@link Authenticator} sees of a request: method, path and headers (names in lower case). */
public record AuthRequest(String method, String path, Map<String, List<String>> headers) {

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The token of {@code Authorization: Bearer TOKEN}, or null. */
    public String bearerToken() {
        String auth = header("authorization");
        if (auth == null || auth.length() < 7 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String token = auth.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
