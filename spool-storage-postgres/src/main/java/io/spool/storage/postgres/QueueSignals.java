package io.spool.storage.postgres;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the processes of one database tell each other about the run queue, over one Redis pub/sub channel named after
 * the database: a run may be claimable, a run ended, a run is asked to cancel. Signals are only hints that save
 * waiting for the next poll: a lost one (Redis away) costs a poll interval, never a run, because the queue's state is
 * in PostgreSQL. Each message names the process that sent it, which ignores its own.
 */
final class QueueSignals implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueSignals.class);

    /** A message: its kind, the run it is about (empty for {@code runnable}) and the cancel action (or empty). */
    record Signal(String kind, String runId, String action) {
    }

    private final String channel;
    private final String self;
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;

    /** Subscribes at once; {@code listener} is called off Redis's event loop, on a virtual thread per message. */
    QueueSignals(RedisClient redis, String database, String self, Consumer<Signal> listener) {
        this.channel = "spool:" + database + ":queue";
        this.self = self;
        this.publisher = redis.connect();
        this.subscriber = redis.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                String[] parts = message.split(" ", -1);
                if (parts.length != 4 || parts[0].equals(self)) return;
                Signal s = new Signal(parts[1], parts[2], parts[3]);
                Thread.ofVirtual().name("spool-queue-signal").start(() -> listener.accept(s));
            }
        });
        subscriber.sync().subscribe(channel); // Lettuce subscribes again by itself after a reconnect
    }

    void runnable() {
        send("runnable", "", "");
    }

    void ended(String runId) {
        send("ended", runId, "");
    }

    void cancel(String runId, String action) {
        send("cancel", runId, action);
    }

    private void send(String kind, String runId, String action) {
        try {
            publisher.async().publish(channel, self + " " + kind + " " + runId + " " + action)
                    .exceptionally(failed -> {
                        LOG.debug("queue signal {} not sent: {}", kind, failed.toString());
                        return 0L;
                    });
        } catch (RuntimeException redisAway) {
            LOG.debug("queue signal {} not sent: {}", kind, redisAway.toString()); // the pollers find it
        }
    }

    @Override
    public void close() {
        subscriber.close();
        publisher.close();
    }
}
