package io.spool.langgraph4j;

import io.spool.graph.Checkpointer;
import io.spool.graph.GraphRun;
import io.spool.graph.StreamWriter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/** A run as the server would hand it to a graph; fluent setters for what a test varies. */
final class TestRun implements GraphRun {

    private final String runId = UUID.randomUUID().toString();
    private final InMemoryCheckpointer checkpointer;
    private final RecordingWriter writer;
    private final Map<String, Object> configurable = new HashMap<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private Object input;
    private Map<String, Object> command;
    private List<String> interruptBefore = List.of();
    private List<String> interruptAfter = List.of();
    private int recursionLimit = 25;
    private boolean streamSubgraphs;

    TestRun(InMemoryCheckpointer checkpointer, RecordingWriter writer) {
        this.checkpointer = checkpointer;
        this.writer = writer;
        configurable.put("thread_id", "thread-1");
        configurable.put("run_id", runId);
        configurable.put("graph_id", "test");
        configurable.put("assistant_id", "assistant-1");
    }

    TestRun input(Object input) {
        this.input = input;
        return this;
    }

    TestRun command(Map<String, Object> command) {
        this.command = command;
        return this;
    }

    TestRun configurable(String key, Object value) {
        configurable.put(key, value);
        return this;
    }

    TestRun interruptBefore(String... nodes) {
        interruptBefore = List.of(nodes);
        return this;
    }

    TestRun interruptAfter(String... nodes) {
        interruptAfter = List.of(nodes);
        return this;
    }

    TestRun recursionLimit(int limit) {
        recursionLimit = limit;
        return this;
    }

    TestRun withSubgraphs() {
        streamSubgraphs = true;
        return this;
    }

    void cancel() {
        cancelled.set(true);
    }

    @Override
    public String threadId() {
        return "thread-1";
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public Object input() {
        return input;
    }

    @Override
    public Map<String, Object> command() {
        return command;
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("tags", List.of(), "recursion_limit", recursionLimit, "configurable", configurable);
    }

    @Override
    public List<String> interruptBefore() {
        return interruptBefore;
    }

    @Override
    public List<String> interruptAfter() {
        return interruptAfter;
    }

    @Override
    public boolean streamSubgraphs() {
        return streamSubgraphs;
    }

    @Override
    public StreamWriter writer() {
        return writer;
    }

    @Override
    public Checkpointer checkpointer() {
        return checkpointer;
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }
}
