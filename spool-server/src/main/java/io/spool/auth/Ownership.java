package io.spool.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Who the current request acts for, and what that means for resources: created ones are stamped with the caller's
 * metadata, and one whose metadata lacks the caller's filter does not exist for the caller (404, never 403). With no
 * auth configured there is no caller and everything is visible to everyone, as before.
 */
public final class Ownership {

    /** The metadata key the default authorization stamps and filters on. */
    public static final String OWNER = "owner";

    private record Caller(Identity identity, Authenticator auth) {
    }

    private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

    private Ownership() {
    }

    /** Runs {@code body} on behalf of {@code who} (requests run on virtual threads of their own). */
    public static <T> T actAs(Identity who, Authenticator auth, Callable<T> body) throws Exception {
        CURRENT.set(new Caller(who, auth));
        try {
            return body.call();
        } finally {
            CURRENT.remove();
        }
    }

    /** The current caller, to act for again on other threads (a WebSocket's commands, after its upgrade). */
    public static Scope scope() {
        Caller c = CURRENT.get();
        return new Scope() {
            @Override
            public <T> T call(Callable<T> body) throws Exception {
                return c == null ? body.call() : actAs(c.identity(), c.auth(), body);
            }
        };
    }

    /** Acts for the caller that {@link #scope()} captured (nobody, with auth off). */
    public interface Scope {
        <T> T call(Callable<T> body) throws Exception;
    }

    public static Optional<Identity> caller() {
        Caller c = CURRENT.get();
        return c == null ? Optional.empty() : Optional.of(c.identity());
    }

    /** The decision for the caller; {@link Authenticator.Access#everything()} with no caller. */
    public static Authenticator.Access access(String resource, String action) {
        Caller c = CURRENT.get();
        if (c == null) return Authenticator.Access.everything();
        Authenticator.Access a = c.auth().authorize(c.identity(), resource, action);
        if (!a.allowed()) {
            throw AuthException.forbidden("Not allowed to " + action + " " + resource + " as " + c.identity().id());
        }
        return a;
    }

    /** Whether the caller may see a resource with this metadata. */
    public static boolean visible(String resource, Map<String, Object> metadata) {
        Map<String, Object> filter = access(resource, "read").filter();
        if (filter.isEmpty()) return true;
        for (Map.Entry<String, Object> e : filter.entrySet()) {
            if (metadata == null || !e.getValue().equals(metadata.get(e.getKey()))) return false;
        }
        return true;
    }

    /** {@code metadata} with the caller's stamp for a new resource (unchanged with no caller). */
    public static Map<String, Object> stamp(String resource, Map<String, Object> metadata) {
        Map<String, Object> stamp = access(resource, "create").stamp();
        if (stamp.isEmpty()) return metadata;
        Map<String, Object> out = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        out.putAll(stamp); // a client cannot claim another owner
        return out;
    }

    /** A search's metadata filter with the caller's filter added. */
    public static Map<String, Object> filter(String resource, Map<String, Object> metadata) {
        Map<String, Object> filter = access(resource, "search").filter();
        if (filter.isEmpty()) return metadata;
        Map<String, Object> out = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        out.putAll(filter);
        return out;
    }
}
