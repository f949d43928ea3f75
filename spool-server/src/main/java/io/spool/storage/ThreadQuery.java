package io.spool.storage;

import java.util.List;
import java.util.Map;

/** A thread search: every non-null criterion must hold; metadata matches when each given key is equal. */
public record ThreadQuery(List<String> ids, Map<String, Object> metadata, String status, int limit, int offset) {

    public boolean matches(ThreadRecord t) {
        if (ids != null && !ids.contains(t.threadId())) return false;
        if (status != null && !status.equals(t.status())) return false;
        if (metadata != null) {
            for (var e : metadata.entrySet()) {
                if (!java.util.Objects.equals(t.metadata().get(e.getKey()), e.getValue())) return false;
            }
        }
        return true;
    }
}
