package io.spool.langgraph4j;

import io.spool.graph.StreamWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** A stream writer that keeps the events of the modes it was asked for; a subgraph's as {@code <mode>|<namespace>}. */
final class RecordingWriter implements StreamWriter {

    record Event(String mode, Object payload) {
    }

    private final Set<String> modes;
    private final List<Event> events = new ArrayList<>();
    private Consumer<Event> onEvent = e -> { };

    RecordingWriter(String... modes) {
        this.modes = Set.of(modes);
    }

    /** Calls {@code hook} on the graph's thread with each event kept, right after keeping it. */
    RecordingWriter onEvent(Consumer<Event> hook) {
        this.onEvent = hook;
        return this;
    }

    @Override
    public boolean wants(String mode) {
        return modes.contains(mode);
    }

    @Override
    public synchronized void emit(String mode, Object payload) {
        if (wants(mode)) keep(new Event(mode, payload));
    }

    @Override
    public synchronized void emit(String mode, List<String> namespace, Object payload) {
        if (wants(mode)) keep(new Event(mode + "|" + String.join("|", namespace), payload));
    }

    private void keep(Event e) {
        events.add(e);
        onEvent.accept(e);
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
