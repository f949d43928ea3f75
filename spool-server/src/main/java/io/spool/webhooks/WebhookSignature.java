package io.spool.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a delivery as the Standard Webhooks specification (standardwebhooks.com) does, so receivers can verify it with
 * that project's libraries or a few lines of their own: {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<webhook-id>.<webhook-timestamp>.<body>">}. The timestamp lets receivers refuse replays; the id stays the same
 * across the retries of one delivery, so they can drop duplicates.
 */
final class WebhookSignature {

    private final byte[] key;

    /** {@code secret}: {@code whsec_<base64>} (the specification's form) or any other text, used as its UTF-8 bytes. */
    WebhookSignature(String secret) {
        this.key = secret.startsWith("whsec_") ? Base64.getDecoder().decode(secret.substring(6))
                : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The three headers of a signed delivery. */
    Map<String, String> headers(String id, long epochSeconds, byte[] body) {
        return Map.of("webhook-id", id, "webhook-timestamp", Long.toString(epochSeconds),
                "webhook-signature", "v1," + sign(id, epochSeconds, body));
    }

    String sign(String id, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + epochSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
