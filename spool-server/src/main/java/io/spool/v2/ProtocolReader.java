package io.spool.v2;

import io.spool.storage.EventBus;
import io.spool.storage.EventId;
import io.spool.storage.LogReader;
import io.spool.storage.StreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A reader of a thread's protocol events: a {@link LogReader} from the log's start through a {@link LogTranslator}.
 * It always reads from the start, because an event's seq is its place in the whole log; a cursor ({@code since})
 * only decides what is sent, in the {@link EventFilter}. Nothing is evicted from a thread's log while the thread
 * exists, so any seq can be resumed from.
 */
public final class ProtocolReader implements AutoCloseable {

    private static final int BATCH = 2048;

    private final LogReader log;
    private final LogTranslator translator;

    public ProtocolReader(EventBus logs, String threadId, RunInfo runs) {
        this.log = logs.reader(threadId, EventId.START);
        this.translator = new LogTranslator(runs);
    }

    /**
     * The protocol events of the next log events, waiting up to {@code wait} for some; may be empty (a log event
     * with no protocol event, or a reader tick). Throws {@link io.spool.storage.ThreadDeletedException} once the
     * thread is deleted.
     */
    public List<ProtocolEvent> next(Duration wait) throws InterruptedException {
        List<StreamEvent> batch = log.next(BATCH, wait);
        List<ProtocolEvent> out = new ArrayList<>();
        for (StreamEvent e : batch) out.addAll(translator.translate(e));
        return out;
    }

    /** Translates everything the log holds now, for a snapshot (the tree, the newest seq); returns the events. */
    public List<ProtocolEvent> catchUp() throws InterruptedException {
        List<ProtocolEvent> out = new ArrayList<>();
        while (true) {
            List<StreamEvent> batch = log.next(BATCH, Duration.ZERO);
            if (batch.isEmpty()) return out;
            for (StreamEvent e : batch) out.addAll(translator.translate(e));
        }
    }

    public LogTranslator translator() {
        return translator;
    }

    @Override
    public void close() {
        log.close();
    }
}
