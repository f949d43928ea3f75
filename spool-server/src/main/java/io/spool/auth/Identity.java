package io.spool.auth;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, as an {@link Authenticator} found it: an id (what ownership records) and permissions a custom
 * authorizer may read. {@code claims} carries anything else (a token's claims) into the run's config.
 */
public record Identity(String id, Set<String> permissions, Map<String, Object> claims) {

    public Identity {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) throw new IllegalArgumentException("an identity needs a non-blank id");
        permissions = Set.copyOf(permissions);
        claims = Map.copyOf(claims);
    }

    public static Identity of(String id) {
        return new Identity(id, Set.of(), Map.of());
    }
}
