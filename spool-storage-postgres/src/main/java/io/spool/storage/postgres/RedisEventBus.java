package io.spool.storage.postgres;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.spool.storage.EventBus;
import io.spool.storage.EventId;
import io.spool.storage.EventStore;
import io.spool.storage.LogReader;
import io.spool.storage.StorageOptions;
import io.spool.storage.StreamEvent;
import io.spool.storage.local.LocalEventBus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread logs shared by every process: each process writes the events of the runs it holds through a
 * {@link LocalEventBus} (stored in PostgreSQL first, in group commits), which hands every stored batch here to be
 * added to the thread's Redis Stream, entry ids being Spool's {@code <ms>-<seq>} event ids, trimmed to about
 * {@code retention} entries. A process whose readers follow a thread reads that stream (one blocking read for all
 * such threads of the process) and feeds what other processes wrote into its local tail, so live readers anywhere
 * see every event, in order, with its id. Older cursors are served from PostgreSQL, as are gaps: each entry names the
 * event before it, and an entry that does not follow what this process has (Redis restarted, flushed or trimmed) is
 * preceded by the stored events in between. A reconcile against PostgreSQL every {@link #RECONCILE} catches the
 * end of a log whose last entries never reached Redis.
 */
final class RedisEventBus implements EventBus {

    private static final Logger LOG = LoggerFactory.getLogger(RedisEventBus.class);
    static final int DEFAULT_RETENTION = 10_000;
    /** How long a thread's stream outlives its last entry. */
    private static final long STREAM_TTL_SECONDS = 24 * 3600;
    private static final Duration BLOCK = Duration.ofMillis(250);
    private static final Duration RECONCILE = Duration.ofSeconds(2);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final EventStore store;
    private final LocalEventBus local;
    private final String prefix;
    private final Signals signals;
    private final long retention;
    private final StatefulRedisConnection<String, byte[]> writer;
    private final StatefulRedisConnection<String, byte[]> follower;
    /** Threads followed by this process: how many of its readers read each. */
    private final ConcurrentHashMap<String, Integer> followed = new ConcurrentHashMap<>();
    private final Thread loop;
    private volatile boolean closed;
    private volatile long warnedAt;

    RedisEventBus(EventStore store, StorageOptions options, RedisClient redis, String database, long retention,
                  Signals signals) {
        this.store = store;
        this.signals = signals;
        this.prefix = "spool:" + database + ":log:";
        this.retention = retention;
        this.writer = redis.connect(CODEC);
        this.follower = redis.connect(CODEC); // its reads block: a connection of its own
        this.local = new LocalEventBus(store, options.tailCapacity(), options.readerTick(), this::forward);
        this.loop = Thread.ofVirtual().name("spool-log-follower").start(this::follow);
        signals.listen(s -> {
            if (s.kind().equals("deleted")) local.deletedElsewhere(s.subject());
        });
    }

    @Override
    public StreamEvent append(String threadId, String runId, String event, byte[] data) {
        return local.append(threadId, runId, event, data);
    }

    @Override
    public StreamEvent appendDurable(String threadId, String runId, String event, byte[] data, boolean runEnd) {
        return local.appendDurable(threadId, runId, event, data, runEnd);
    }

    /** The newest stored id: a thread this process does not follow may have been written elsewhere meanwhile. */
    @Override
    public EventId lastId(String threadId) {
        if (!followed.containsKey(threadId)) local.catchUp(threadId);
        return local.lastId(threadId);
    }

    /** A reader of the thread; while the process has one, it follows the thread's stream. */
    @Override
    public LogReader reader(String threadId, EventId cursor) {
        if (followed.merge(threadId, 1, Integer::sum) == 1) local.catchUp(threadId); // not followed until now
        LogReader r = local.reader(threadId, cursor);
        return new LogReader() {
            private boolean open = true;

            @Override
            public List<StreamEvent> next(int max, Duration wait) throws InterruptedException {
                return r.next(max, wait);
            }

            @Override
            public void close() {
                if (!open) return;
                open = false;
                r.close();
                followed.computeIfPresent(threadId, (t, n) -> n == 1 ? null : n - 1);
            }
        };
    }

    /** Another process wrote to the thread: go on from what is stored (before this process writes it again). */
    void catchUp(String threadId) {
        local.catchUp(threadId);
    }

    /** Ends the thread's readers here and, through a signal, in the other processes; its stream goes. */
    @Override
    public void deleteThread(String threadId) {
        local.deleteThread(threadId);
        signals.deleted(threadId); // lost (Redis away): the others' reconcile finds the stored log gone
        try {
            writer.async().del(key(threadId));
        } catch (RuntimeException redisAway) {
            warn("the stream of deleted thread " + threadId + " is left to expire", redisAway);
        }
    }

    @Override
    public void flush() {
        local.flush();
    }

    @Override
    public void close() {
        closed = true;
        loop.interrupt();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        local.close();
        follower.close();
        writer.close();
    }

    private String key(String threadId) {
        return prefix + threadId;
    }

    /** A stored batch of this process, to the thread's stream; asynchronous, in order on one connection. */
    private void forward(String threadId, EventId before, List<StreamEvent> events) {
        String key = key(threadId);
        EventId prev = before;
        try {
            for (StreamEvent e : events) {
                Map<String, byte[]> body = new LinkedHashMap<>();
                body.put("prev", bytes(prev.toString()));
                body.put("run", bytes(e.runId() == null ? "" : e.runId()));
                body.put("event", bytes(e.event()));
                body.put("data", e.data());
                if (e.runEnd()) body.put("end", new byte[] {1});
                writer.async().xadd(key, new XAddArgs().id(e.id().toString()).maxlen(retention)
                        .approximateTrimming(), body).exceptionally(failed -> {
                            warn("events of thread " + threadId + " did not reach Redis", failed);
                            return null;
                        });
                prev = e.id();
            }
            writer.async().expire(key, STREAM_TTL_SECONDS);
        } catch (RuntimeException redisAway) {
            warn("events of thread " + threadId + " did not reach Redis", redisAway);
        }
    }

    /** The follower: one blocking read of every followed thread's stream at a time. */
    private void follow() {
        long reconciledAt = System.nanoTime();
        while (!closed) {
            try {
                List<String> threads = List.copyOf(followed.keySet());
                if (System.nanoTime() - reconciledAt > RECONCILE.toNanos()) {
                    threads.forEach(this::reconcile);
                    reconciledAt = System.nanoTime();
                }
                if (threads.isEmpty()) {
                    Thread.sleep(BLOCK.toMillis());
                    continue;
                }
                @SuppressWarnings("unchecked")
                XReadArgs.StreamOffset<String>[] offsets = new XReadArgs.StreamOffset[threads.size()];
                for (int i = 0; i < threads.size(); i++) {
                    offsets[i] = XReadArgs.StreamOffset.from(key(threads.get(i)),
                            local.lastId(threads.get(i)).toString());
                }
                List<StreamMessage<String, byte[]>> messages =
                        follower.sync().xread(XReadArgs.Builder.block(BLOCK).count(1000), offsets);
                if (messages == null || messages.isEmpty()) continue;
                Map<String, List<StreamMessage<String, byte[]>>> byThread = new LinkedHashMap<>();
                for (StreamMessage<String, byte[]> m : messages) {
                    byThread.computeIfAbsent(m.getStream().substring(prefix.length()), t -> new ArrayList<>()).add(m);
                }
                byThread.forEach(this::deliver);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) return;
                warn("cannot read the thread streams from Redis; reading PostgreSQL meanwhile", e);
                try {
                    Thread.sleep(BLOCK.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
                try {
                    followed.keySet().forEach(this::reconcile);
                    reconciledAt = System.nanoTime();
                } catch (RuntimeException databaseAway) {
                    // the next round tries again
                }
            }
        }
    }

    /** Entries of one thread, in id order, into this process's tail; a gap before one is read from PostgreSQL. */
    private void deliver(String threadId, List<StreamMessage<String, byte[]>> messages) {
        List<StreamEvent> run = new ArrayList<>();
        EventId last = local.lastId(threadId);
        for (StreamMessage<String, byte[]> m : messages) {
            Map<String, byte[]> body = m.getBody();
            EventId id = EventId.parseCursor(m.getId());
            EventId prev = EventId.parseCursor(text(body.get("prev")));
            if (id == null || prev == null || !id.after(last)) continue; // ours, or seen already
            if (!prev.equals(last)) { // entries were lost on the way: what is stored comes first
                flushRun(threadId, run);
                fill(threadId, last, id);
                last = local.lastId(threadId);
                if (!id.after(last)) continue;
            }
            String runId = text(body.get("run"));
            run.add(new StreamEvent(id, runId.isEmpty() ? null : runId, text(body.get("event")), body.get("data"),
                    body.containsKey("end")));
            last = id;
        }
        flushRun(threadId, run);
    }

    private void flushRun(String threadId, List<StreamEvent> run) {
        if (run.isEmpty()) return;
        local.receive(threadId, List.copyOf(run));
        run.clear();
    }

    /** Stored events after {@code from}, up to at least {@code upTo} (or the end), into this process's tail. */
    private void fill(String threadId, EventId from, EventId upTo) {
        EventId cursor = from;
        while (upTo == null || upTo.after(cursor)) {
            List<StreamEvent> stored = store.readAfter(threadId, cursor, 1000);
            if (stored.isEmpty()) return;
            local.receive(threadId, stored);
            cursor = stored.getLast().id();
        }
    }

    /** Whatever PostgreSQL has of the thread beyond this process's tail (its last entries may never have reached Redis). */
    private void reconcile(String threadId) {
        EventId last = local.lastId(threadId);
        EventId stored = store.lastId(threadId).orElse(null);
        if (stored == null && last.after(EventId.START)) {
            local.deletedElsewhere(threadId); // its stored log is gone: deleted, and the signal was lost
        } else if (stored != null && stored.after(last)) {
            fill(threadId, last, null);
        }
    }

    private void warn(String what, Throwable why) {
        if (System.nanoTime() - warnedAt < Duration.ofSeconds(60).toNanos()) return;
        warnedAt = System.nanoTime();
        LOG.warn("{}: {}", what, PostgresStorage.rootMessage(why));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }
}
