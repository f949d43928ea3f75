package io.spool.storage.memory;

import io.spool.storage.Assistant;
import io.spool.storage.AssistantStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class MemoryAssistantStore implements AssistantStore {

    private final Map<String, Assistant> current = new ConcurrentHashMap<>();
    private final Map<String, List<Assistant>> versions = new ConcurrentHashMap<>();

    @Override
    public synchronized boolean insert(Assistant a) {
        if (current.putIfAbsent(a.assistantId(), a) != null) return false;
        versions.put(a.assistantId(), new ArrayList<>(List.of(a)));
        return true;
    }

    @Override
    public Optional<Assistant> get(String assistantId) {
        return Optional.ofNullable(current.get(assistantId));
    }

    @Override
    public List<Assistant> all() {
        return current.values().stream().sorted(Comparator.comparing(Assistant::createdAt)).toList();
    }

    @Override
    public synchronized void addVersion(Assistant a) {
        versions.computeIfAbsent(a.assistantId(), k -> new ArrayList<>()).add(a);
        current.put(a.assistantId(), a);
    }

    @Override
    public synchronized Optional<Assistant> setCurrent(String assistantId, int version) {
        Optional<Assistant> v = versions.getOrDefault(assistantId, List.of()).stream()
                .filter(a -> a.version() == version).findFirst();
        v.ifPresent(a -> current.put(assistantId, a));
        return v;
    }

    @Override
    public synchronized List<Assistant> versions(String assistantId) {
        List<Assistant> l = new ArrayList<>(versions.getOrDefault(assistantId, List.of()));
        l.sort(Comparator.comparingInt(Assistant::version).reversed());
        return l;
    }

    @Override
    public synchronized boolean delete(String assistantId) {
        versions.remove(assistantId);
        return current.remove(assistantId) != null;
    }
}
