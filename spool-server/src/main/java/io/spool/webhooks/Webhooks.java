package io.spool.webhooks;

import io.spool.errors.ApiError;
import io.spool.storage.RunRecord;
import io.spool.storage.RunStatus;
import io.spool.wire.Times;
import io.spool.wire.Views;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run webhooks: the URL a run was created with ({@code kwargs.webhook}) is checked when the run is created and called
 * when it ends, with the run as the official servers send it. Anything that creates runs through the run service
 * (crons too) gets both, because the URL travels in the run record.
 */
public final class Webhooks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final WebhookPolicy policy;
    private final WebhookSender sender;

    public Webhooks(WebhookSettings settings) {
        this.policy = new WebhookPolicy(new HashSet<>(settings.allowHosts()));
        this.sender = new WebhookSender(policy, settings.secret() == null ? null
                : new WebhookSignature(settings.secret()), FIRST_BACKOFF);
    }

    /** 422 naming the reason unless {@code url} (null: no webhook) may be called. */
    public void requireAllowed(String url) {
        if (url == null) return;
        try {
            policy.check(policy.parse(url), false);
        } catch (WebhookPolicy.Refused refused) {
            throw ApiError.invalid("Field 'webhook': " + refused.getMessage());
        }
    }

    /**
     * Sends the webhook of a run that has ended, if it has one; never waits for it. The payload is the run with its
     * final {@code status}, {@code run_started_at}, {@code run_ended_at}, {@code webhook_sent_at}, the thread's
     * {@code values} after the run, and {@code error} (the error's message) when it failed.
     *
     * @param startedAt null for a run that never started (cancelled while pending)
     */
    public void runEnded(RunRecord run, RunStatus status, Instant startedAt, Instant endedAt,
                         Map<String, Object> values, Map<String, Object> error) {
        if (!(run.kwargs().get("webhook") instanceof String url) || url.isEmpty()) return;
        URI target;
        try {
            target = policy.parse(url);
        } catch (WebhookPolicy.Refused refused) { // stored by an older version that did not check it
            LOG.warn("webhook of run {} not sent: {}", run.runId(),
                    refused.getMessage());
            return;
        }
        Map<String, Object> payload = Views.run(run);
        payload.put("status", status.wire());
        payload.put("run_started_at", Times.format(startedAt != null ? startedAt : endedAt));
        payload.put("run_ended_at", Times.format(endedAt));
        payload.put("values", values);
        if (error != null) payload.put("error", error.get("message"));
        sender.deliver(run.runId(), target, payload);
    }

    /** Stops retrying; deliveries under way get a moment to finish. */
    @Override
    public void close() {
        sender.close();
    }
}
