package io.spool.http;

import io.spool.errors.ApiError;
import io.spool.json.Json;
import io.spool.storage.ThreadQuery;
import io.spool.storage.ThreadRecord;
import io.spool.storage.ThreadStatus;
import io.spool.storage.ThreadTtl;
import io.spool.threads.ThreadService;
import io.spool.wire.ExtractPath;
import io.spool.wire.Views;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Threads and their state. */
final class ThreadRoutes {


    private final ThreadService threads;

    ThreadRoutes(ThreadService threads) {
        this.threads = threads;
    }

    void register(Router r) {
        r.add("POST", "/threads", this::create);
        r.add("POST", "/threads/search", this::search);
        r.add("POST", "/threads/count", this::count);
        r.add("POST", "/threads/prune", this::prune);
        r.add("GET", "/threads/{thread_id}", this::get);
        r.add("PATCH", "/threads/{thread_id}", this::patch);
        r.add("DELETE", "/threads/{thread_id}", this::delete);
        r.add("GET", "/threads/{thread_id}/state", this::state);
        r.add("POST", "/threads/{thread_id}/state", this::updateState);
        r.add("POST", "/threads/{thread_id}/state/checkpoint", this::stateAtCheckpoint);
        r.add("GET", "/threads/{thread_id}/state/{checkpoint_id}", this::stateAt);
        r.add("GET", "/threads/{thread_id}/history", this::historyGet);
        r.add("POST", "/threads/{thread_id}/history", this::historyPost);
        r.add("POST", "/threads/{thread_id}/copy", this::copy);
    }

    private void create(Exchange ex) {
        JsonBody b = ex.body();
        String id = b.string("thread_id");
        if (id != null) id = Params.uuid(id, "thread ID");
        String ifExists = b.oneOf("if_exists", List.of("raise", "do_nothing"));
        List<List<Update>> supersteps = supersteps(b.any("supersteps"));
        java.util.Map<String, Object> metadata = b.object("metadata");
        String graphId = b.string("graph_id");
        if (graphId != null) {
            metadata = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
            metadata.put("graph_id", graphId); // the graph whose reducers the thread's state updates go through
        }
        ThreadRecord t = threads.create(id, metadata, ifExists, ttl(b));
        for (List<Update> step : supersteps) {
            for (Update u : step) threads.updateState(t.threadId(), u.values(), u.asNode(), null);
        }
        ex.json(Views.thread(supersteps.isEmpty() ? t : threads.require(t.threadId())));
    }

    /** One update of a superstep given at thread creation. */
    private record Update(java.util.Map<String, Object> values, String asNode) {
    }

    /** {@code [{"updates": [{"values": {...}, "as_node": "..."}]}]}, validated. */
    @SuppressWarnings("unchecked")
    private static List<List<Update>> supersteps(Object raw) {
        if (raw == null) return List.of();
        String shape = "Field 'supersteps' must be a list of {\"updates\": [{\"values\": {...}, \"as_node\": \"...\"}]}";
        if (!(raw instanceof List<?> steps)) throw ApiError.invalid(shape);
        List<List<Update>> out = new java.util.ArrayList<>();
        for (Object step : steps) {
            if (!(step instanceof java.util.Map<?, ?> m) || !(m.get("updates") instanceof List<?> updates)) {
                throw ApiError.invalid(shape);
            }
            List<Update> list = new java.util.ArrayList<>();
            for (Object u : updates) {
                if (!(u instanceof java.util.Map<?, ?> um)) throw ApiError.invalid(shape);
                Object values = um.get("values");
                Object asNode = um.get("as_node");
                if ((values != null && !(values instanceof java.util.Map)) || (asNode != null && !(asNode instanceof String))) {
                    throw ApiError.invalid(shape);
                }
                list.add(new Update((java.util.Map<String, Object>) values, (String) asNode));
            }
            out.add(list);
        }
        return out;
    }

    /**
     * {@code ttl}: minutes, or {@code {"ttl": minutes, "strategy": "delete" | "keep_latest"}} (strategy
     * {@code delete} by default), as the SDKs send it; null when absent.
     */
    private static ThreadTtl ttl(JsonBody b) {
        Object raw = b.any("ttl");
        if (raw == null) return null;
        Object minutes = raw;
        String strategy = "delete";
        if (raw instanceof java.util.Map<?, ?> m) {
            minutes = m.get("ttl");
            Object s = m.get("strategy");
            if (s != null) {
                if (!(s instanceof String str) || !ThreadTtl.STRATEGIES.contains(str)) {
                    throw ApiError.invalid("Field 'ttl.strategy' must be one of " + ThreadTtl.STRATEGIES + ", got "
                            + Json.text(s));
                }
                strategy = str;
            }
        }
        if (!(minutes instanceof Number n) || !(n.doubleValue() >= 0) || n.doubleValue() > ThreadTtl.MAX_MINUTES) {
            throw ApiError.invalid("Field 'ttl' must be a number of minutes from 0 to " + (long) ThreadTtl.MAX_MINUTES
                    + ", or {\"ttl\": <minutes>, \"strategy\": \"delete\" | \"keep_latest\"}; got "
                    + Json.text(raw));
        }
        return new ThreadTtl(strategy, n.doubleValue());
    }

    private void get(Exchange ex) {
        String id = Params.threadId(ex);
        boolean withTtl = Params.list(ex, "include", List.of("ttl")).contains("ttl");
        ThreadRecord t = threads.require(id);
        ex.json(withTtl ? Views.threadWithTtl(t) : Views.thread(t));
    }

    private void patch(Exchange ex) {
        String id = Params.threadId(ex);
        JsonBody b = ex.body();
        ThreadRecord t = threads.patch(id, b.object("metadata"), ttl(b));
        if ("return=minimal".equals(ex.header("Prefer"))) ex.noContent(204);
        else ex.json(Views.thread(t));
    }

    private void delete(Exchange ex) {
        threads.delete(Params.threadId(ex));
        ex.noContent(204);
    }

    private void search(Exchange ex) {
        JsonBody b = ex.body();
        ThreadQuery q = query(b, Params.limit(b.integer("limit"), 10), Params.offset(b.integer("offset")));
        List<String> select = b.stringList("select");
        Map<String, ExtractPath> extract = extractPaths(b.object("extract"));
        List<Object> page = threads.search(q).stream().map(t -> {
            Map<String, Object> view = Views.thread(t);
            Map<String, Object> out = Views.select(view, select);
            if (!extract.isEmpty()) {
                Map<String, Object> extracted = new LinkedHashMap<>();
                extract.forEach((alias, path) -> extracted.put(alias, path.read(view)));
                out = new LinkedHashMap<>(out);
                out.put("extracted", extracted);
            }
            return (Object) out;
        }).toList();
        long total = threads.count(q);
        ex.header("X-Pagination-Total", Long.toString(total));
        if (q.offset() + page.size() < total) ex.header("X-Pagination-Next", Integer.toString(q.offset() + q.limit()));
        ex.json(page);
    }

    /** {@code extract}: {alias: path}, each path checked before anything is searched. */
    private static Map<String, ExtractPath> extractPaths(Map<String, Object> extract) {
        Map<String, ExtractPath> paths = new LinkedHashMap<>();
        if (extract == null) return paths;
        extract.forEach((alias, path) -> {
            if (!(path instanceof String p)) {
                throw ApiError.invalid("Field 'extract." + alias + "' must be a path string such as values.messages[-1]");
            }
            paths.put(alias, ExtractPath.parse(alias, p));
        });
        return paths;
    }

    private void prune(Exchange ex) {
        JsonBody b = ex.body();
        List<String> ids = b.stringList("thread_ids");
        if (ids == null) throw ApiError.invalid("Field 'thread_ids' is required");
        ids = ids.stream().map(i -> Params.uuid(i, "thread ID")).toList();
        String strategy = b.oneOf("strategy", List.of("delete", "keep_latest"));
        ex.json(Map.of("pruned_count", threads.prune(ids, strategy == null ? "delete" : strategy)));
    }

    private void count(Exchange ex) {
        ex.json(threads.count(query(ex.body(), Integer.MAX_VALUE, 0)));
    }

    private static ThreadQuery query(JsonBody b, int limit, int offset) {
        List<String> ids = b.stringList("ids");
        if (ids != null) ids = ids.stream().map(i -> Params.uuid(i, "thread ID")).toList();
        return new ThreadQuery(ids, b.object("metadata"), b.object("values"), ThreadStatus.of(b.oneOf("status", ThreadStatus.WIRE)),
                limit,
                offset, b.oneOf("sort_by", ThreadQuery.SORT_FIELDS), b.oneOf("sort_order", List.of("asc", "desc")));
    }

    private void state(Exchange ex) {
        ex.json(threads.state(Params.threadId(ex), Params.bool(ex, "subgraphs", false)));
    }

    private void updateState(Exchange ex) {
        String id = Params.threadId(ex);
        JsonBody b = ex.body();
        Object values = b.any("values");
        if (values != null && !(values instanceof java.util.Map<?, ?>)) {
            throw ApiError.invalid("Field 'values' must be an object");
        }
        ex.json(threads.updateState(id, b.object("values"), b.string("as_node"), checkpointId(b)));
    }

    /** {@code checkpoint: {checkpoint_id}} or the older {@code checkpoint_id}; null when neither is given. */
    private static String checkpointId(JsonBody b) {
        java.util.Map<String, Object> cp = b.object("checkpoint");
        Object id = cp == null ? null : cp.get("checkpoint_id");
        if (id != null && !(id instanceof String)) throw ApiError.invalid("Field 'checkpoint.checkpoint_id' must be a string");
        return id != null ? (String) id : b.string("checkpoint_id");
    }

    private void stateAt(Exchange ex) {
        ex.json(threads.stateAt(Params.threadId(ex), ex.path("checkpoint_id"), Params.bool(ex, "subgraphs", false)));
    }

    private void stateAtCheckpoint(Exchange ex) {
        String id = Params.threadId(ex);
        JsonBody b = ex.body();
        String cp = checkpointId(b);
        if (cp == null) throw ApiError.invalid("Field 'checkpoint.checkpoint_id' is required");
        ex.json(threads.stateAt(id, cp, b.bool("subgraphs", false)));
    }

    private void historyGet(Exchange ex) {
        String id = Params.threadId(ex);
        int limit = Params.integer(ex, "limit", 10, 1, 10_000);
        ex.json(threads.history(id, limit, ex.query("before"), null));
    }

    private void historyPost(Exchange ex) {
        String id = Params.threadId(ex);
        JsonBody b = ex.body();
        int limit = Params.limit(b.integer("limit"), 10);
        String before;
        if (b.any("before") instanceof java.util.Map<?, ?> m) {
            Object cp = m.get("checkpoint_id");
            before = cp == null ? null : cp.toString();
        } else {
            before = b.string("before");
        }
        ex.json(threads.history(id, limit, before, b.object("metadata")));
    }

    private void copy(Exchange ex) {
        ex.json(Views.thread(threads.copy(Params.threadId(ex))));
    }
}
