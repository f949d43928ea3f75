package io.spool.auth;

import java.util.Map;

/**
 * The auth SPI, as the official server's custom auth: {@link #authenticate} turns a request into an identity (or
 * refuses it), {@link #authorize} decides per resource and action and says which owner metadata a resource gets and
 * which it must have to be seen. Named in the config as {@code "auth": {"class": "com.example.MyAuth"}} (a public
 * class with a public no-argument constructor).
 */
public interface Authenticator {

    /** The caller of {@code request}; throws {@link AuthException} to refuse it (401 or 403). */
    Identity authenticate(AuthRequest request);

    /**
     * What {@code who} may do with a resource ({@code threads}, {@code runs}, {@code assistants}, {@code crons},
     * {@code store}) for an action ({@code create}, {@code read}, {@code update}, {@code delete}, {@code search}).
     * The default: everyone may do everything with their own resources, which are stamped and filtered by
     * {@code owner}.
     */
    default Access authorize(Identity who, String resource, String action) {
        return Access.owner(who);
    }

    /**
     * An authorization decision.
     *
     * @param allowed  false refuses the request with 403
     * @param filter   metadata a resource must hold for this caller to see it (404 otherwise; search lists only these)
     * @param stamp    metadata written on resources this caller creates
     */
    record Access(boolean allowed, Map<String, Object> filter, Map<String, Object> stamp) {

        public Access {
            filter = Map.copyOf(filter);
            stamp = Map.copyOf(stamp);
        }

        /** Allowed; sees and stamps {@code {"owner": who.id()}}. */
        public static Access owner(Identity who) {
            return new Access(true, Map.of(Ownership.OWNER, who.id()), Map.of(Ownership.OWNER, who.id()));
        }

        public static Access denied() {
            return new Access(false, Map.of(), Map.of());
        }

        /** Allowed, no filter, no stamp: everything is shared. */
        public static Access everything() {
            return new Access(true, Map.of(), Map.of());
        }
    }
}
