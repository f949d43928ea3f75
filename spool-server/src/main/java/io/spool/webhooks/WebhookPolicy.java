package io.spool.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Where webhooks may go: absolute {@code http}/{@code https} URLs whose host resolves only to public addresses
 * ({@link Addresses}), unless the host is on the allowlist ({@code "*"} allows every host). Checked when a run is
 * created, and again after DNS resolution before every request of a delivery, redirects included, since the answer
 * of a name can change in between.
 *
 * @param allowHosts host names or IP literals (lower case) that may be called whatever they resolve to
 */
record WebhookPolicy(Set<String> allowHosts) {

    WebhookPolicy {
        allowHosts = Set.copyOf(allowHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT))
                .map(h -> h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h).toList());
    }

    /** A URL refused, and why, in the client's terms. */
    static class Refused extends Exception {
        Refused(String why) {
            super(why, null, false, false);
        }
    }

    /** A host name that did not resolve: perhaps only for now. */
    static final class Unresolved extends Refused {
        Unresolved(String why) {
            super(why);
        }
    }

    /** The URL as a URI, if its form is acceptable (scheme, host); throws {@link Refused} otherwise. */
    URI parse(String url) throws Refused {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("'" + url + "' is not a URL");
        }
        return requireForm(uri);
    }

    URI requireForm(URI uri) throws Refused {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("'" + uri + "' is not an absolute http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) throw new Refused("'" + uri + "' has no host");
        if (uri.getRawUserInfo() != null) throw new Refused("'" + uri + "' carries a user name or password");
        return uri;
    }

    /**
     * Refuses a URL whose host is not allowed, resolving the name. {@code strict}: a name that does not resolve is
     * refused too (when sending); otherwise it passes, to be checked again when the webhook is sent, so that a
     * passing DNS failure does not fail the creation of a run.
     */
    void check(URI uri, boolean strict) throws Refused {
        String host = hostOf(uri);
        if (allowHosts.contains("*") || allowHosts.contains(host)) return;
        InetAddress literal = Addresses.literal(host);
        InetAddress[] addresses;
        if (literal != null) {
            addresses = new InetAddress[] {literal};
        } else {
            try {
                // the JVM caches this answer (30 s by default), so the client's connection uses the same addresses
                addresses = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                if (strict) throw new Unresolved("the host '" + host + "' of '" + uri + "' does not resolve");
                return;
            }
        }
        for (InetAddress a : addresses) {
            String why = Addresses.refusal(a);
            if (why != null) {
                throw new Refused("'" + uri + "' " + (literal != null ? "is " : "resolves to " + a.getHostAddress()
                        + ", ") + why + "; webhooks may not call loopback, private, link-local or metadata addresses"
                        + " (the server's SPOOL_WEBHOOK_ALLOW_HOSTS can allow a host)");
            }
        }
    }

    private static String hostOf(URI uri) {
        String h = uri.getHost().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
