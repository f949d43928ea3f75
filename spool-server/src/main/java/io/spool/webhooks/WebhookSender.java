package io.spool.webhooks;

import io.spool.json.Json;
import io.spool.wire.Times;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhooks, each on a virtual thread of its own so that no run waits for one: a POST of the JSON payload,
 * retried with exponential backoff while the receiver's name does not resolve, it cannot be reached or it answers
 * 408, 425, 429 or 5xx. Redirects are followed here (a few at most), not by the HTTP client, so that every hop passes
 * the {@link WebhookPolicy} after its own DNS resolution. No proxy: the address checked is the address called.
 */
final class WebhookSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    static final int MAX_ATTEMPTS = 5;
    static final int MAX_REDIRECTS = 3;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #close} lets deliveries under way finish. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(3);

    private final HttpClient client;
    private final WebhookPolicy policy;
    private final WebhookSignature signature;
    private final Duration firstBackoff;
    /** Requests in flight at once, whatever the number of deliveries waiting for their next attempt. */
    private final Semaphore sending = new Semaphore(32);
    private final Set<Thread> deliveries = ConcurrentHashMap.newKeySet();
    private final Object wakeUp = new Object();
    private volatile boolean closed;

    /** {@code signature}: null sends unsigned deliveries. */
    WebhookSender(WebhookPolicy policy, WebhookSignature signature, Duration firstBackoff) {
        this.policy = policy;
        this.signature = signature;
        this.firstBackoff = firstBackoff;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with plain-HTTP receivers
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** Starts delivering {@code payload} to {@code target}; {@code id} names the delivery (the same on every retry). */
    void deliver(String id, URI target, Map<String, Object> payload) {
        if (closed) {
            LOG.warn("webhook {} to {} not sent: the server is stopping", id, describe(target));
            return;
        }
        Thread t = Thread.ofVirtual().name("webhook-" + id).unstarted(() -> {
            try {
                run(id, target, payload);
            } finally {
                deliveries.remove(Thread.currentThread());
            }
        });
        deliveries.add(t);
        t.start();
    }

    private void run(String id, URI target, Map<String, Object> payload) {
        long backoff = firstBackoff.toMillis();
        String failure = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (attempt > 1 && !pause(backoff)) {
                LOG.warn("webhook {} to {} not delivered ({}); the server stopped before attempt {}", id,
                        describe(target), failure, attempt);
                return;
            }
            backoff *= 2;
            Attempt result;
            try {
                sending.acquire();
                try {
                    result = attempt(id, target, payload);
                } finally {
                    sending.release();
                }
            } catch (InterruptedException stopping) {
                LOG.warn("webhook {} to {} cut off: the server is stopping", id, describe(target));
                return;
            }
            if (result.delivered()) {
                LOG.debug("webhook {} delivered to {} (attempt {})", id, describe(target), attempt);
                return;
            }
            failure = result.failure();
            if (!result.retry()) {
                LOG.warn("webhook {} to {} not delivered: {}", id, describe(target), failure);
                return;
            }
        }
        LOG.warn("webhook {} to {} not delivered after {} attempts: {}", id, describe(target), MAX_ATTEMPTS, failure);
    }

    /** One attempt's end: delivered, or why not and whether another attempt may succeed. */
    private record Attempt(boolean delivered, boolean retry, String failure) {
        static final Attempt OK = new Attempt(true, false, null);

        static Attempt retry(String why) {
            return new Attempt(false, true, why);
        }

        static Attempt fail(String why) {
            return new Attempt(false, false, why);
        }
    }

    private Attempt attempt(String id, URI target, Map<String, Object> payload) throws InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>(payload);
        body.put("webhook_sent_at", Times.format(Instant.now()));
        byte[] bytes = Json.bytes(body);
        URI uri = target;
        boolean post = true;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            try {
                policy.requireForm(uri);
                policy.check(uri, true);
            } catch (WebhookPolicy.Refused refused) {
                String why = hop == 0 ? refused.getMessage() : "redirected: " + refused.getMessage();
                return refused instanceof WebhookPolicy.Unresolved ? Attempt.retry(why) : Attempt.fail(why);
            }
            HttpResponse<Void> response;
            try {
                response = client.send(request(id, uri, post ? bytes : null), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                return Attempt.retry(describe(uri) + " could not be reached: " + e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) return Attempt.OK;
            String location = response.headers().firstValue("Location").orElse(null);
            if (isRedirect(status) && location != null) {
                try {
                    uri = uri.resolve(location);
                } catch (IllegalArgumentException e) {
                    return Attempt.fail(describe(uri) + " redirected to '" + location + "', which is not a URL");
                }
                if (status == 303 || status == 301 || status == 302) post = false; // as browsers and fetch do
                continue;
            }
            String answered = describe(uri) + " answered " + status;
            boolean transient_ = status == 408 || status == 425 || status == 429 || status >= 500;
            return transient_ ? Attempt.retry(answered) : Attempt.fail(answered);
        }
        return Attempt.fail("more than " + MAX_REDIRECTS + " redirects from " + describe(target));
    }

    private HttpRequest request(String id, URI uri, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).header("User-Agent", "spool");
        if (body == null) return b.GET().build();
        b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) signature.headers(id, Instant.now().getEpochSecond(), body).forEach(b::header);
        return b.build();
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Sleeps before a retry; false when the server is closing meanwhile. */
    private boolean pause(long millis) {
        long until = System.currentTimeMillis() + millis;
        synchronized (wakeUp) {
            while (!closed) {
                long left = until - System.currentTimeMillis();
                if (left <= 0) return true;
                try {
                    wakeUp.wait(left);
                } catch (InterruptedException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /** A URL for logs: without its query and user info, which may carry tokens. */
    static String describe(URI uri) {
        String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
        return uri.getScheme() + "://" + uri.getHost() + port + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** Stops retrying, lets requests under way finish for a moment, then cuts the rest off. */
    @Override
    public void close() {
        closed = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
        for (Thread t : Set.copyOf(deliveries)) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) t.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        deliveries.forEach(Thread::interrupt);
        client.shutdownNow();
    }
}
