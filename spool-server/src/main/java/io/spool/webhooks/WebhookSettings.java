package io.spool.webhooks;

import io.spool.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The webhook settings: {@code SPOOL_WEBHOOK_SECRET} and {@code SPOOL_WEBHOOK_ALLOW_HOSTS} (comma list), or the
 * config file's {@code "webhooks": {"secret": ..., "allow_hosts": [...]}}; the environment wins.
 *
 * @param secret     signs every delivery when set (null: unsigned)
 * @param allowHosts hosts that may be called even though they resolve to loopback, private or link-local addresses
 */
public record WebhookSettings(String secret, List<String> allowHosts) {

    public WebhookSettings {
        allowHosts = List.copyOf(allowHosts);
        if (secret != null && secret.isEmpty()) secret = null;
        if (secret != null && secret.startsWith("whsec_")) {
            try {
                Base64.getDecoder().decode(secret.substring(6));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the webhook secret starts with whsec_ but the rest is not base64");
            }
        }
    }

    /** No secret, nothing allowed beyond public addresses. */
    public static WebhookSettings defaults() {
        return new WebhookSettings(null, List.of());
    }

    public static WebhookSettings resolve(Map<String, String> env, Path configFile) {
        Map<?, ?> config = section(configFile);
        String secret = env.get("SPOOL_WEBHOOK_SECRET");
        if (secret == null && config.get("secret") instanceof String s) secret = s;
        List<String> hosts;
        String csv = env.get("SPOOL_WEBHOOK_ALLOW_HOSTS");
        if (csv != null && !csv.isBlank()) {
            hosts = Arrays.stream(csv.split(",")).map(String::strip).filter(h -> !h.isEmpty()).toList();
        } else if (config.get("allow_hosts") instanceof List<?> l) {
            hosts = l.stream().map(String::valueOf).toList();
        } else {
            hosts = List.of();
        }
        return new WebhookSettings(secret, hosts);
    }

    private static Map<?, ?> section(Path file) {
        if (file == null) return Map.of();
        try {
            return Json.map(Files.readAllBytes(file)).get("webhooks") instanceof Map<?, ?> m ? m : Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of(); // the graphs config reports an unreadable file itself
        }
    }
}
