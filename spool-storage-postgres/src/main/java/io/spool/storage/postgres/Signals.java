package io.spool.storage.postgres;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the processes of one database tell each other, over one Redis pub/sub channel named after the database: a run
 * may be claimable, a run ended, a run is asked to cancel, a thread was deleted. Signals are only hints that save
 * waiting for the next poll: a lost one (Redis away) costs a poll interval, never a run or an event, because the state
 * is in PostgreSQL. Each message names the process that sent it, which ignores its own.
 */
final class Signals implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    /**
     * A message: its kind, what it is about (a run id; the thread id for {@code deleted}; empty for {@code runnable})
     * and the cancel action (or empty).
     */
    record Signal(String kind, String subject, String action) {
    }

    private final String channel;
    private final String self;
    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final List<Consumer<Signal>> listeners = new CopyOnWriteArrayList<>();

    /** Subscribes at once; listeners are called off Redis's event loop, on a virtual thread per message. */
    Signals(RedisClient redis, String database, String self) {
        this.channel = "spool:" + database + ":signals";
        this.self = self;
        this.publisher = redis.connect();
        this.subscriber = redis.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                String[] parts = message.split(" ", -1);
                if (parts.length != 4 || parts[0].equals(self)) return;
                Signal s = new Signal(parts[1], parts[2], parts[3]);
                Thread.ofVirtual().name("spool-signal").start(() -> listeners.forEach(l -> l.accept(s)));
            }
        });
        subscriber.sync().subscribe(channel); // Lettuce subscribes again by itself after a reconnect
    }

    /** The process's id, in its messages (and in the queue rows it claims). */
    String self() {
        return self;
    }

    void listen(Consumer<Signal> listener) {
        listeners.add(listener);
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

    void deleted(String threadId) {
        send("deleted", threadId, "");
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
