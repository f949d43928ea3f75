package io.spool.runs;

import io.spool.storage.MultitaskStrategy;
import java.util.List;
import java.util.Map;

/**
 * A validated run request (RunCreateStateful / RunCreateStateless of the API). Maps and lists hold plain Java
 * objects; absent options are null.
 */
public record RunCreate(
        String assistantId,
        Object input,
        Map<String, Object> command,
        Map<String, Object> config,
        Map<String, Object> context,
        Map<String, Object> metadata,
        List<String> streamModes,
        boolean streamSubgraphs,
        boolean streamResumable,
        List<String> interruptBefore,
        List<String> interruptAfter,
        MultitaskStrategy multitaskStrategy,
        String ifNotExists,
        String onCompletion,
        String onDisconnect,
        double afterSeconds,
        Map<String, Object> checkpoint,
        String webhook) {

    /** The modes a run streams when the request names none. */
    public static final List<String> DEFAULT_STREAM_MODES = List.of("values");

    public static final List<String> STREAM_MODES = List.of("values", "updates", "messages", "messages-tuple",
            "custom", "events", "debug", "tasks", "checkpoints");
}
