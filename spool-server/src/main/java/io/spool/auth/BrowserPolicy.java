package io.spool.auth;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a web page may do with this server. A browser names the page's origin in {@code Origin} on cross-origin
 * requests (form posts included); curl and server-side SDKs send none. Allowed: requests with no {@code Origin}, the
 * server's own pages (same origin), the listed origins, and while auth is off any localhost page (a dev UI on another
 * port). Anything else is refused before it does anything. While bound to a loopback address, a {@code Host} that
 * is not a loopback name is refused too: a public DNS name pointed at 127.0.0.1 (DNS rebinding) cannot reach it.
 *
 * @param origins          exact origins ({@code https://app.example.com}) or {@code *} for every origin
 * @param localhostOrigins whether pages on localhost (any port) are allowed
 * @param checkHost        whether {@code Host} must be loopback or one of {@code hosts}
 * @param hosts            extra host names allowed in {@code Host} ({@code *}: any)
 */
public record BrowserPolicy(List<String> origins, boolean localhostOrigins, boolean checkHost, Set<String> hosts) {

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    public BrowserPolicy {
        origins = List.copyOf(origins);
        hosts = Set.copyOf(hosts);
    }

    /** Whether a request from {@code origin} (null: not from a browser page) reaching {@code host} is allowed. */
    public boolean allowsOrigin(String origin, String host) {
        if (origin == null) return true;
        String o = origin.toLowerCase(Locale.ROOT);
        if (host != null) {
            String h = host.toLowerCase(Locale.ROOT);
            if (o.equals("http://" + h) || o.equals("https://" + h)) return true; // the server's own page (/ui)
        }
        if (origins.contains("*") || origins.contains(o) || origins.contains(origin)) return true;
        return localhostOrigins && isLoopbackHost(hostOf(o));
    }

    /** Whether {@code Host} is acceptable. */
    public boolean allowsHost(String host) {
        if (!checkHost || hosts.contains("*")) return true;
        if (host == null) return true; // HTTP/1.0 clients send none; there is no name to rebind
        String name = stripPort(host.toLowerCase(Locale.ROOT));
        return isLoopbackHost(name) || hosts.contains(name);
    }

    static boolean isLoopbackHost(String name) {
        if (name == null) return false;
        return LOOPBACK_NAMES.contains(name) || name.endsWith(".localhost") || name.startsWith("127.");
    }

    private static String hostOf(String origin) {
        try {
            String h = URI.create(origin).getHost();
            return h == null ? null : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null; // "null" (a sandboxed page) and other non-URLs are nobody's origin
        }
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
