package io.spool.langgraph4j;

import io.spool.graph.Checkpoint;
import io.spool.graph.GraphRun;
import io.spool.graph.Interrupt;
import io.spool.graph.StreamWriter;
import org.bsc.async.AsyncGenerator;
import org.bsc.langgraph4j.CompiledGraph;
import org.bsc.langgraph4j.GraphInput;
import org.bsc.langgraph4j.NodeOutput;
import org.bsc.langgraph4j.action.InterruptionMetadata;
import org.bsc.langgraph4j.state.AgentState;
import org.bsc.langgraph4j.streaming.StreamingOutput;
import org.bsc.langgraph4j.subgraph.SubGraphOutput;

import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * Carries out one run: picks a fresh start or a resume, streams the compiled graph on the calling thread, turns its
 * outputs into {@code values} / {@code updates} events, and ends on completion, pause, cancellation or failure.
 */
final class GraphRunner<S extends AgentState> {

    private static final int DEFAULT_RECURSION_LIMIT = 25;

    private final LangGraph4jGraph<S> graph;
    private final GraphRun run;
    private final StreamWriter writer;
    private RunContext context;
    /** Messages of nodes that stream through LangGraph4j's own streaming outputs, one per node execution. */
    private final Map<Object, AiMessageStream> nodeStreams = new HashMap<>();

    GraphRunner(LangGraph4jGraph<S> graph, GraphRun run) {
        this.graph = graph;
        this.run = run;
        this.writer = run.writer();
    }

    @SuppressWarnings("unchecked")
    void run() throws Exception {
        if (run.isCancelled()) throw new CancellationException("run cancelled before it started");
        Optional<Checkpoint> latest = run.checkpointer().latest();
        context = new RunContext(graph, run, latest.orElse(null));
        // as in LangGraph, a command, or no input on a thread that has state, means "go on from the checkpoint"
        if (run.command() != null || run.input() == null && latest.isPresent()) {
            if (latest.filter(RunContext::canResume).isPresent()) {
                resume(run.command() != null ? run.command() : Map.of());
            } else if (run.command() != null && run.command().get("update") instanceof Map<?, ?> update) {
                applyUpdate(latest, (Map<String, Object>) update);
            } else {
                latest.ifPresent(checkpoint -> emitValues(checkpoint.values())); // nothing to go on with
            }
        } else {
            start(latest);
        }
    }

    private void start(Optional<Checkpoint> latest) throws Exception {
        Map<String, Object> input = inputMap(run.input());
        context.noteKeys(input);
        context.saveInput(latest.map(Checkpoint::values).orElseGet(graph::initialState));
        stream(GraphInput.args(input)); // LangGraph4j merges the input into the saved state through the channels
    }

    /**
     * A command's {@code update} on a thread with nothing to resume (finished, or new): as on the official servers,
     * it is applied through the channels and saved as the thread's new state, and no node runs.
     */
    private void applyUpdate(Optional<Checkpoint> latest, Map<String, Object> update) {
        context.noteKeys(update);
        Map<String, Object> values = graph.applyUpdate(latest.map(Checkpoint::values).orElseGet(graph::initialState),
                update);
        context.saveUpdate(values);
        emitValues(values);
    }

    private void resume(Map<String, Object> command) throws Exception {
        Map<String, Object> update = context.prepareResume(command);
        context.noteKeys(update);
        if (writer.wants("values")) {
            var state = context.langGraph4jCheckpoint(null).orElseThrow().getState();
            emitValues(AgentState.updateState(state, update, graph.channels()));
        }
        stream(GraphInput.resume(update));
    }

    private void stream(GraphInput input) throws Exception {
        CompiledGraph<S> compiled = graph.compiled(run.interruptBefore(), run.interruptAfter());
        Iterator<NodeOutput<S>> outputs = compiled.stream(input, context.runnableConfig()).iterator();
        int limit = recursionLimit();
        int steps = 0;
        try {
            // LangGraph4j runs each node inside hasNext(), on this thread (unless a node hands work to another one)
            while (outputs.hasNext()) {
                boolean nodeStep = emit(outputs.next());
                if (run.isCancelled()) throw new CancellationException("run cancelled");
                // counted here, not by LangGraph4j, which also counts its start and end and has no error type for it
                if (nodeStep && ++steps >= limit && context.hasWorkLeft()) throw new GraphRecursionError(limit);
            }
        } catch (CompletionException failure) {
            Throwable cause = Failures.unwrap(failure);
            if (cause instanceof GraphInterrupt interrupt) {
                emitInterrupt(context.pauseOn(interrupt));
                return;
            }
            throw Failures.rethrow(cause);
        }
        if (AsyncGenerator.resultValue(outputs).orElse(null) instanceof InterruptionMetadata<?> interruption) {
            var settings = compiled.compileConfig;
            context.pauseOn(interruption, settings.interruptsBefore(), settings.interruptsAfter())
                    .ifPresentOrElse(this::emitInterrupt, this::emitBreakpoint);
        }
    }

    /** Streams what an output stands for; true when it is a step of this graph's own nodes. */
    private boolean emit(NodeOutput<S> output) {
        if (output instanceof SubGraphOutput<?> inner) {
            emitSubgraphStep(inner);
        } else if (output instanceof StreamingOutput<?> chunk) {
            streamChunk(chunk);
        } else if (output.isSTART()) {
            emitValues(output.state().data()); // the state with the input applied
        } else if (!output.isEND()) {
            Map<String, Object> update = context.takeUpdate(output.node());
            if (update == null) return false;
            if (writer.wants("updates")) writer.emit("updates", Collections.singletonMap(output.node(), update));
            emitValues(output.state().data());
            return true;
        }
        return false;
    }

    /**
     * A step of a subgraph, streamed through the writer of its node's task (the subgraph's input through that of
     * the task running the subgraph), which drops it unless the run streams subgraphs.
     */
    private void emitSubgraphStep(SubGraphOutput<?> output) {
        if (output.isEND()) return;
        NodeTask task = context.task(output.isSTART() ? output.subGraphId() : output.node());
        if (task == null) return;
        if (output.isSTART()) {
            var inside = context.writerInside(task);
            if (inside.wants("values")) inside.emit("values", context.ordered(output.state().data()));
            return;
        }
        Map<String, Object> update = context.takeUpdate(output.node());
        if (update == null) return;
        if (task.writer.wants("updates")) {
            task.writer.emit("updates", Collections.singletonMap(output.node(), update));
        }
        if (task.writer.wants("values")) task.writer.emit("values", context.ordered(output.state().data()));
    }

    private void streamChunk(StreamingOutput<?> output) {
        if (output.chunk() == null || output.chunk().isEmpty()) return;
        NodeTask task = context.task(output.node());
        nodeStreams.computeIfAbsent(task != null ? task : output.node(), key -> AiMessageStream.forTask(context, task))
                .chunk(output.chunk());
    }

    private void emitValues(Map<String, Object> state) {
        if (writer.wants("values")) writer.emit("values", context.ordered(state));
    }

    /** LangGraph reports a pause as an {@code __interrupt__} entry in both the updates and the values stream. */
    private void emitInterrupt(Interrupt interrupt) {
        Map<String, Object> pending = new LinkedHashMap<>();
        pending.put("id", interrupt.id());
        pending.put("value", interrupt.value());
        var payload = Map.of("__interrupt__", List.of(pending));
        if (writer.wants("updates")) writer.emit("updates", payload);
        if (writer.wants("values")) writer.emit("values", payload);
    }

    /** A static breakpoint ({@code interrupt_before/after}) pauses with no value: LangGraph says so as for interrupts. */
    private void emitBreakpoint() {
        var payload = Map.of("__interrupt__", List.of());
        if (writer.wants("updates")) writer.emit("updates", payload);
        if (writer.wants("values")) writer.emit("values", payload);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> inputMap(Object input) {
        if (input == null) return Map.of();
        if (input instanceof Map<?, ?> map) return (Map<String, Object>) map;
        throw new IllegalArgumentException("the input of a LangGraph4j graph must be an object, not " + input);
    }

    private int recursionLimit() {
        return run.config().get("recursion_limit") instanceof Number limit && limit.intValue() > 0
                ? limit.intValue() : DEFAULT_RECURSION_LIMIT;
    }
}
