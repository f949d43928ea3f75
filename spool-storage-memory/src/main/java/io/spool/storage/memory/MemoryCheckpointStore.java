package io.spool.storage.memory;

import io.spool.graph.Checkpoint;
import io.spool.storage.CheckpointStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Each thread's checkpoints in save order, oldest first. */
final class MemoryCheckpointStore implements CheckpointStore {

    private final ConcurrentHashMap<String, List<Checkpoint>> byThread = new ConcurrentHashMap<>();

    @Override
    public void put(Checkpoint checkpoint) {
        List<Checkpoint> l = byThread.computeIfAbsent(checkpoint.threadId(), k -> new ArrayList<>());
        synchronized (l) {
            l.add(checkpoint);
        }
    }

    @Override
    public void updatePending(Checkpoint checkpoint) {
        List<Checkpoint> l = byThread.get(checkpoint.threadId());
        if (l == null) return;
        synchronized (l) {
            l.replaceAll(c -> c.checkpointId().equals(checkpoint.checkpointId()) ? checkpoint : c);
        }
    }

    @Override
    public Optional<Checkpoint> latest(String threadId) {
        List<Checkpoint> l = snapshot(threadId);
        return l.isEmpty() ? Optional.empty() : Optional.of(l.getLast());
    }

    @Override
    public Optional<Checkpoint> get(String threadId, String checkpointId) {
        return snapshot(threadId).stream().filter(c -> c.checkpointId().equals(checkpointId)).findFirst();
    }

    @Override
    public List<Checkpoint> list(String threadId, int limit, String beforeId) {
        List<Checkpoint> l = snapshot(threadId);
        int end = l.size();
        if (beforeId != null) {
            end = 0;
            for (int i = 0; i < l.size(); i++) {
                if (l.get(i).checkpointId().equals(beforeId)) end = i;
            }
        }
        List<Checkpoint> out = new ArrayList<>();
        for (int i = end - 1; i >= 0 && out.size() < limit; i--) out.add(l.get(i));
        return out;
    }

    @Override
    public void deleteByThread(String threadId) {
        byThread.remove(threadId);
    }

    @Override
    public void keepOnly(String threadId, String checkpointId) {
        List<Checkpoint> l = byThread.get(threadId);
        if (l == null) return;
        synchronized (l) {
            l.removeIf(c -> !c.checkpointId().equals(checkpointId));
        }
    }

    @Override
    public void deleteByRun(String threadId, String runId) {
        List<Checkpoint> l = byThread.get(threadId);
        if (l == null) return;
        synchronized (l) {
            l.removeIf(c -> Objects.equals(c.metadata().get("run_id"), runId));
        }
    }

    private List<Checkpoint> snapshot(String threadId) {
        List<Checkpoint> l = byThread.get(threadId);
        if (l == null) return List.of();
        synchronized (l) {
            return List.copyOf(l);
        }
    }
}
