package io.spool.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API-key authentication: {@code identity=key} pairs (from {@code SPOOL_API_KEYS="alice=KEY1,bob=KEY2"} or a file
 * of one pair a line); the key in {@code x-api-key} (what the SDKs send for {@code apiKey}) or
 * {@code Authorization: Bearer KEY}. Keys are compared in constant time and never logged.
 */
public final class ApiKeys implements Authenticator {

    private record Key(byte[] bytes, String identity) {
    }

    private final List<Key> keys;

    private ApiKeys(Map<String, String> keyByIdentity) {
        if (keyByIdentity.isEmpty()) throw new IllegalArgumentException("no API keys given");
        this.keys = keyByIdentity.entrySet().stream()
                .map(e -> new Key(e.getValue().getBytes(StandardCharsets.UTF_8), e.getKey())).toList();
    }

    /** {@code alice=KEY1,bob=KEY2}. */
    public static ApiKeys parse(String list) {
        return new ApiKeys(pairs(List.of(list.split(",")), "SPOOL_API_KEYS"));
    }

    /** One {@code identity=key} a line; blank lines and lines starting with {@code #} are skipped. */
    public static ApiKeys read(Path file) {
        try {
            return new ApiKeys(pairs(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read API keys file " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, String> pairs(List<String> entries, String source) {
        Map<String, String> out = new LinkedHashMap<>();
        int n = 0;
        for (String raw : entries) {
            n++;
            String entry = raw.strip();
            if (entry.isEmpty() || entry.startsWith("#")) continue;
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                // never echo the entry: it may hold a key
                throw new IllegalArgumentException(source + ": entry " + n + " is not identity=key");
            }
            String identity = entry.substring(0, eq).strip();
            String key = entry.substring(eq + 1).strip();
            if (key.length() < 8) throw new IllegalArgumentException(source + ": the key of " + identity
                    + " is shorter than 8 characters");
            if (out.containsValue(key)) throw new IllegalArgumentException(source + ": two identities share a key");
            out.put(identity, key);
        }
        return out;
    }

    @Override
    public Identity authenticate(AuthRequest request) {
        String given = request.header("x-api-key");
        if (given == null) given = request.bearerToken();
        if (given == null) {
            throw AuthException.unauthorized("This server needs an API key: send it in the x-api-key header "
                    + "(the SDKs' apiKey option) or as Authorization: Bearer KEY");
        }
        byte[] bytes = given.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Key k : keys) { // every key is compared, so the time taken says nothing about which one matched
            if (MessageDigest.isEqual(k.bytes(), bytes)) found = k.identity();
        }
        if (found == null) throw AuthException.unauthorized("The API key is not valid");
        return Identity.of(found);
    }
}
