package io.spool.examples.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.spool.auth.AuthException;
import io.spool.auth.AuthRequest;
import io.spool.auth.Authenticator;
import io.spool.auth.Identity;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bearer JWTs as identities, with Nimbus JOSE + JWT: HS256 tokens signed with a shared secret, RS256 tokens signed
 * by a key of an identity provider's JWKS (fetched from its URL, cached and refreshed by Nimbus), or both. The
 * token's {@code sub} is the identity (what owns threads and assistants), its {@code scope} (space-separated) or
 * {@code permissions} (array) claim the permissions, its other claims go into the runs' config
 * ({@code configurable.langgraph_auth_user}). Expired, not yet valid, wrongly signed, unsigned ({@code alg: none})
 * or otherwise invalid tokens are 401.
 *
 * <p>Named in the config as {@code "auth": {"class": "io.spool.examples.auth.JwtAuthenticator", ...}} with:
 * {@code hs256_secret_env} (the variable holding the secret, 32 bytes or more; or {@code hs256_secret} itself, for
 * tests), {@code jwks_url}, and optional {@code issuer} and {@code audience} that tokens must carry.
 */
public final class JwtAuthenticator implements Authenticator {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** Settings from the config's {@code auth} section (see the class comment). */
    public JwtAuthenticator(Map<String, Object> config) {
        byte[] secret = secret(config);
        String jwksUrl = string(config, "jwks_url");
        if (secret == null && jwksUrl == null) {
            throw new IllegalArgumentException("JwtAuthenticator needs hs256_secret_env (or hs256_secret) or jwks_url");
        }
        JWSKeySelector<SecurityContext> hs = secret == null ? null
                : new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret));
        JWSKeySelector<SecurityContext> rs;
        try {
            rs = jwksUrl == null ? null : new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                    JWKSourceBuilder.create(URI.create(jwksUrl).toURL()).build());
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("jwks_url is not a URL: " + jwksUrl);
        }
        // the token's own header picks the key kind; an algorithm not configured gets no key, so it fails
        processor.setJWSKeySelector((header, context) -> {
            JWSKeySelector<SecurityContext> selector = JWSAlgorithm.HS256.equals(header.getAlgorithm()) ? hs
                    : JWSAlgorithm.RS256.equals(header.getAlgorithm()) ? rs : null;
            return selector == null ? List.of() : selector.selectJWSKeys(header, context);
        });
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        String issuer = string(config, "issuer");
        if (issuer != null) exact.issuer(issuer);
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(string(config, "audience"), exact.build(),
                Set.of("sub", "exp")));
    }

    @Override
    public Identity authenticate(AuthRequest request) {
        String token = request.bearerToken();
        if (token == null) throw AuthException.unauthorized("Send a JWT as Authorization: Bearer <token>");
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw AuthException.unauthorized("The bearer token is not a JWT");
        } catch (BadJOSEException | JOSEException e) {
            throw AuthException.unauthorized("The bearer token is not valid: " + e.getMessage());
        }
        Map<String, Object> rest = new LinkedHashMap<>();
        claims.toJSONObject().forEach((k, v) -> {
            if (v != null && !k.equals("sub")) rest.put(k, v);
        });
        return new Identity(claims.getSubject(), permissions(claims), rest);
    }

    private static Set<String> permissions(JWTClaimsSet claims) {
        Set<String> out = new LinkedHashSet<>();
        try {
            String scope = claims.getStringClaim("scope");
            if (scope != null) out.addAll(Arrays.asList(scope.trim().split("\\s+")));
            List<String> listed = claims.getStringListClaim("permissions");
            if (listed != null) out.addAll(listed);
        } catch (ParseException wrongType) {
            throw AuthException.unauthorized("The bearer token's scope or permissions claim is malformed");
        }
        out.remove("");
        return out;
    }

    private static byte[] secret(Map<String, Object> config) {
        String env = string(config, "hs256_secret_env");
        String secret = env != null ? System.getenv(env) : string(config, "hs256_secret");
        if (env != null && (secret == null || secret.isEmpty())) {
            throw new IllegalArgumentException("hs256_secret_env names " + env + ", which is not set");
        }
        if (secret == null) return null;
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) throw new IllegalArgumentException("an HS256 secret needs 32 bytes or more");
        return bytes;
    }

    private static String string(Map<String, Object> config, String key) {
        return config.get(key) instanceof String s && !s.isBlank() ? s : null;
    }
}
