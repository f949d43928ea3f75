package io.spool.storage.memory;

import io.spool.storage.RunRecord;
import io.spool.storage.RunStatus;
import io.spool.storage.RunStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryRunStore implements RunStore {

    private final ConcurrentHashMap<String, RunRecord> runs = new ConcurrentHashMap<>();

    @Override
    public void insert(RunRecord run) {
        runs.put(run.runId(), run);
    }

    @Override
    public Optional<RunRecord> get(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public void update(RunRecord run) {
        runs.computeIfPresent(run.runId(), (k, v) -> run);
    }

    @Override
    public boolean delete(String runId) {
        return runs.remove(runId) != null;
    }

    @Override
    public List<RunRecord> listByThread(String threadId, int limit, int offset, RunStatus status) {
        return runs.values().stream()
                .filter(r -> r.threadId().equals(threadId) && (status == null || status == r.status()))
                .sorted(Comparator.comparing(RunRecord::createdAt).thenComparing(RunRecord::runId).reversed())
                .skip(offset)
                .limit(limit)
                .toList();
    }

    @Override
    public List<RunRecord> listByStatus(List<RunStatus> statuses) {
        return runs.values().stream()
                .filter(r -> statuses.contains(r.status()))
                .sorted(Comparator.comparing(RunRecord::createdAt).thenComparing(RunRecord::runId))
                .toList();
    }

    @Override
    public void deleteByThread(String threadId) {
        runs.values().removeIf(r -> r.threadId().equals(threadId));
    }
}
