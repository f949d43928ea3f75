package io.spool.langgraph4j;

import io.spool.graph.StreamWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A stream writer that keeps the events of the modes it was asked for; a subgraph's as {@code <mode>|<namespace>}. */
final class RecordingWriter implements StreamWriter {

    record Event(String mode, Object payload) {
    }

    private final Set<String> modes;
    private final List<Event> events = new ArrayList<>();

    RecordingWriter(String... modes) {
        this.modes = Set.of(modes);
    }

    @Override
    public boolean wants(String mode) {
        return modes.contains(mode);
    }

    @Override
    public synchronized void emit(String mode, Object payload) {
        if (wants(mode)) events.add(new Event(mode, payload));
    }

    @Override
    public synchronized void emit(String mode, List<String> namespace, Object payload) {
        if (wants(mode)) events.add(new Event(mode + "|" + String.join("|", namespace), payload));
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized List<Object> payloads(String mode) {
        return events.stream().filter(e -> e.mode().equals(mode)).map(Event::payload).toList();
    }

    synchronized List<String> modeSequence() {
        return events.stream().map(Event::mode).toList();
    }
}
