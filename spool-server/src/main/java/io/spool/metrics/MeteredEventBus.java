package io.spool.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.spool.storage.EventBus;
import io.spool.storage.EventId;
import io.spool.storage.LogReader;
import io.spool.storage.StreamEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The thread logs, counting the events appended to them and the readers open on them (every stream is one). */
final class MeteredEventBus implements EventBus {

    private final EventBus bus;
    private final LongAdder appended = new LongAdder();
    private final AtomicInteger readers = new AtomicInteger();

    MeteredEventBus(EventBus bus, MeterRegistry registry) {
        this.bus = bus;
        FunctionCounter.builder(Metrics.PREFIX + "stream_events_appended", appended, LongAdder::sum)
                .description("Events appended to thread logs").register(registry);
        Gauge.builder(Metrics.PREFIX + "stream_readers", readers, AtomicInteger::get)
                .description("Readers open on thread logs (one per stream or join)").register(registry);
    }

    long appended() {
        return appended.sum();
    }

    int openReaders() {
        return readers.get();
    }

    @Override
    public StreamEvent append(String threadId, String runId, String event, byte[] data) {
        StreamEvent e = bus.append(threadId, runId, event, data);
        appended.increment();
        return e;
    }

    @Override
    public StreamEvent appendDurable(String threadId, String runId, String event, byte[] data, boolean runEnd) {
        StreamEvent e = bus.appendDurable(threadId, runId, event, data, runEnd);
        appended.increment();
        return e;
    }

    @Override
    public EventId lastId(String threadId) {
        return bus.lastId(threadId);
    }

    @Override
    public LogReader reader(String threadId, EventId cursor) {
        LogReader reader = bus.reader(threadId, cursor);
        readers.incrementAndGet();
        return new LogReader() {
            private boolean closed;

            @Override
            public List<StreamEvent> next(int max, Duration wait) throws InterruptedException {
                return reader.next(max, wait);
            }

            @Override
            public void close() {
                synchronized (this) {
                    if (closed) return;
                    closed = true;
                }
                readers.decrementAndGet();
                reader.close();
            }
        };
    }

    @Override
    public void deleteThread(String threadId) {
        bus.deleteThread(threadId);
    }

    @Override
    public void flush() {
        bus.flush();
    }

    @Override
    public void close() {
        bus.close();
    }
}
