package io.spool.auth;

import io.spool.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server's auth and browser settings, from the environment, the {@code --api-keys-file} option and the
 * {@code langgraph.json}-style config ({@code "auth": {"class": ...}}, {@code "http": {"cors": {"allow_origins":
 * [...]}}}).
 *
 * @param authenticator null: auth is off (local development)
 * @param browser       which origins and {@code Host} names are allowed
 * @param publicPaths   paths answered without auth (exact, or a prefix ending in {@code /})
 * @param maxStreamsPerIdentity how many streams one identity may have open at once (429 past it); 0: no limit
 */
public record Security(Authenticator authenticator, BrowserPolicy browser, List<String> publicPaths,
                       int maxStreamsPerIdentity) {

    public static final List<String> DEFAULT_PUBLIC_PATHS = List.of("/ok", "/openapi.json", "/docs", "/ui", "/ui/");

    public Security {
        publicPaths = List.copyOf(publicPaths);
        if (maxStreamsPerIdentity < 0) throw new IllegalArgumentException("a stream limit cannot be negative");
    }

    public Security(Authenticator authenticator, BrowserPolicy browser, List<String> publicPaths) {
        this(authenticator, browser, publicPaths, 0);
    }

    public boolean authOn() {
        return authenticator != null;
    }

    public boolean isPublic(String path) {
        for (String p : publicPaths) {
            if (p.endsWith("/") ? path.startsWith(p) : path.equals(p)) return true;
        }
        return false;
    }

    /** Auth off, localhost origins, loopback {@code Host} only when bound to loopback: what tests and dev use. */
    public static Security local(String bindHost) {
        return new Security(null, new BrowserPolicy(List.of(), true, isLoopbackBind(bindHost), Set.of()),
                DEFAULT_PUBLIC_PATHS);
    }

    /**
     * Reads {@code SPOOL_API_KEYS}, {@code SPOOL_API_KEYS_FILE} (or {@code apiKeysFile}), {@code SPOOL_CORS_ALLOW_ORIGINS},
     * {@code SPOOL_ALLOWED_HOSTS}, {@code SPOOL_AUTH_PUBLIC_PATHS} and the config file; throws
     * {@link IllegalArgumentException} naming what is wrong.
     */
    public static Security resolve(Map<String, String> env, Path apiKeysFile, Path configFile, ClassLoader loader,
                                   String bindHost) {
        Map<String, Object> config = readConfig(configFile);
        List<Authenticator> found = new ArrayList<>();
        String keys = env.get("SPOOL_API_KEYS");
        if (keys != null && !keys.isBlank()) found.add(ApiKeys.parse(keys));
        Path file = apiKeysFile != null ? apiKeysFile
                : env.containsKey("SPOOL_API_KEYS_FILE") ? Path.of(env.get("SPOOL_API_KEYS_FILE")) : null;
        if (file != null) found.add(ApiKeys.read(file));
        if (config.get("auth") instanceof Map<?, ?> auth && auth.get("class") instanceof String cls) {
            found.add(instantiate(cls, auth, loader));
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("choose one kind of auth: API keys from SPOOL_API_KEYS, from a keys "
                    + "file, or the config's auth class");
        }
        Authenticator authenticator = found.isEmpty() ? null : found.getFirst();

        List<String> origins = list(env.get("SPOOL_CORS_ALLOW_ORIGINS"));
        if (origins == null && config.get("http") instanceof Map<?, ?> http && http.get("cors") instanceof Map<?, ?> cors
                && cors.get("allow_origins") instanceof List<?> l) {
            origins = l.stream().map(String::valueOf).toList();
        }
        boolean localhostDefault = origins == null && authenticator == null;
        List<String> hosts = list(env.get("SPOOL_ALLOWED_HOSTS"));
        BrowserPolicy browser = new BrowserPolicy(origins == null ? List.of() : origins, localhostDefault,
                isLoopbackBind(bindHost), hosts == null ? Set.of() : Set.copyOf(hosts));
        List<String> publicPaths = list(env.get("SPOOL_AUTH_PUBLIC_PATHS"));
        return new Security(authenticator, browser, publicPaths == null ? DEFAULT_PUBLIC_PATHS : publicPaths,
                streamLimit(env, config));
    }

    /** {@code SPOOL_MAX_STREAMS_PER_IDENTITY}, or the config's {@code "http": {"max_streams_per_identity": N}}. */
    private static int streamLimit(Map<String, String> env, Map<String, Object> config) {
        String raw = env.get("SPOOL_MAX_STREAMS_PER_IDENTITY");
        Object value = raw != null && !raw.isBlank() ? raw.strip()
                : config.get("http") instanceof Map<?, ?> http ? http.get("max_streams_per_identity") : null;
        if (value == null) return 0;
        try {
            int n = value instanceof Number num && num.doubleValue() == num.intValue() ? num.intValue()
                    : Integer.parseInt(value.toString());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the limit of open streams per identity must be a whole number "
                    + "(0: none), got " + value);
        }
    }

    public static boolean isLoopbackBind(String host) {
        return host != null && BrowserPolicy.isLoopbackHost(host.toLowerCase(java.util.Locale.ROOT));
    }

    private static List<String> list(String csv) {
        if (csv == null || csv.isBlank()) return null;
        return Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, Object> readConfig(Path file) {
        if (file == null) return Map.of();
        try {
            return Json.map(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            return Map.of(); // the graphs config reports an unreadable file itself
        }
    }

    /**
     * The config's auth class, made with a public constructor taking the config's {@code auth} object (its own
     * settings) if it has one, else with its public no-argument constructor.
     */
    private static Authenticator instantiate(String className, Map<?, ?> settings, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!Authenticator.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("auth class " + className + " does not implement "
                        + Authenticator.class.getName());
            }
            try {
                return (Authenticator) type.getConstructor(Map.class).newInstance(
                        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings)));
            } catch (NoSuchMethodException noSettings) {
                return (Authenticator) type.getConstructor().newInstance();
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("auth class " + className + " is not on the class path");
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("cannot create auth class " + className + ": " + cause);
        }
    }
}
