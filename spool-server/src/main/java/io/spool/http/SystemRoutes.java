package io.spool.http;

import io.spool.storage.Storage;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /ok} and {@code GET /info}. */
final class SystemRoutes {

    static final String VERSION = "0.1.0";

    private final Storage storage;

    SystemRoutes(Storage storage) {
        this.storage = storage;
    }

    void register(Router r) {
        r.add("GET", "/ok", this::ok);
        r.add("GET", "/info", this::info);
    }

    private void ok(Exchange ex) {
        if (Params.bool(ex, "check_db", false)) storage.ping();
        ex.json(Map.of("ok", true));
    }

    private void info(Exchange ex) {
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("assistants", true);
        flags.put("crons", true);
        flags.put("langsmith", false);
        flags.put("langsmith_tracing_replicas", false);
        flags.put("thread_stream", true);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("version", VERSION);
        info.put("server", "spool");
        info.put("context", "java");
        info.put("java_version", Runtime.version().toString());
        info.put("storage", storage.name());
        info.put("flags", flags);
        ex.json(info);
    }
}
