package io.spool.langgraph4j;

import io.opentelemetry.context.Context;
import io.spool.graph.Checkpoint;
import io.spool.graph.CheckpointDraft;
import io.spool.graph.GraphRun;
import io.spool.graph.Interrupt;
import io.spool.graph.StreamWriter;
import org.bsc.async.AsyncGenerator;
import org.bsc.langgraph4j.RunnableConfig;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.action.InterruptionMetadata;
import org.bsc.langgraph4j.action.SubCompiledGraphNodeAction;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static io.spool.langgraph4j.SpoolCheckpointSaver.ANSWERS;
import static io.spool.langgraph4j.SpoolCheckpointSaver.NEXT;
import static io.spool.langgraph4j.SpoolCheckpointSaver.NODE;
import static io.spool.langgraph4j.SpoolCheckpointSaver.PAUSED_TASK;
import static io.spool.langgraph4j.SpoolCheckpointSaver.STEP;

/**
 * One run's state. LangGraph4j hands a {@link RunnableConfig} to the checkpoint saver, to node hooks and to nodes;
 * this object rides in that config's metadata, so all of them reach the run's checkpointer and stream writer.
 */
final class RunContext {

    private static final String CONFIG_KEY = "spool.run";

    final GraphRun run;
    final StreamWriter writer;
    private final LangGraph4jGraph<?> graph;
    /** What each node returned, from the moment it returns until its output is streamed as an {@code updates} event. */
    private final Map<String, Map<String, Object>> updates = new ConcurrentHashMap<>();
    /** The newest execution of each node, for chunks LangGraph4j streams on the node's behalf and subgraph steps. */
    private final Map<String, NodeTask> tasks = new ConcurrentHashMap<>();
    private Map<String, Object> runMetadata;
    private final KeyOrder keyOrder = new KeyOrder();
    private final SubgraphCheckpoints subgraphs;
    private final ReturnedMessages messages = new ReturnedMessages();

    /** The thread's newest checkpoint (the one this run saved last, or the one it started from). */
    private Checkpoint newest;
    private int step;
    /**
     * On resume: the path of the paused task (its node, under the nodes running the subgraphs it is in), and the
     * answers to its interrupts, given to that node's next execution only.
     */
    private List<String> resumePath;
    private List<Object> resumeAnswers = List.of();
    /** On resume with {@code goto}: the node to run instead of the checkpoint's next one. */
    private String gotoNode;

    RunContext(LangGraph4jGraph<?> graph, GraphRun run, Checkpoint latest) {
        this.traceContext = Context.current();
        this.graph = graph;
        this.run = run;
        this.writer = run.writer();
        this.newest = latest;
        this.step = latest == null ? -1 : SpoolCheckpointSaver.stepOf(latest);
        this.subgraphs = new SubgraphCheckpoints(latest);
        keyOrder.note(latest == null ? graph.initialState() : latest.values());
    }

    /** The trace context the run started in (the server's run span), parent of its nodes' spans. */
    final Context traceContext;

    static Optional<RunContext> find(RunnableConfig config) {
        return config.metadata(CONFIG_KEY).filter(RunContext.class::isInstance).map(RunContext.class::cast);
    }

    static RunContext of(RunnableConfig config) {
        return find(config).orElseThrow(() -> new IllegalStateException("not in a Spool run: no run in the config"));
    }

    /** The config the graph is streamed with: the thread, this context, and {@code configurable} as metadata. */
    RunnableConfig runnableConfig() {
        var builder = RunnableConfig.builder().threadId(run.threadId());
        // configurable entries as metadata too, where ported LangGraph4j nodes look for them (it refuses nulls)
        run.configurable().forEach((key, value) -> {
            if (value != null) builder.putMetadata(key, value);
        });
        return builder.putMetadata(CONFIG_KEY, this).build();
    }

    // ---- checkpoints --------------------------------------------------------------------------------------------

    /** The LangGraph4j view of a checkpoint of the thread (the newest when {@code checkpointId} is null). */
    synchronized Optional<org.bsc.langgraph4j.checkpoint.Checkpoint> langGraph4jCheckpoint(String checkpointId) {
        boolean wantsNewest = checkpointId == null || newest != null && checkpointId.equals(newest.checkpointId());
        Optional<Checkpoint> checkpoint = wantsNewest
                ? Optional.ofNullable(newest)
                : run.checkpointer().get(checkpointId);
        return checkpoint.map(this::langGraph4jView);
    }

    /**
     * The LangGraph4j view of a stored checkpoint. Its next node is the {@code goto} of the command when there is
     * one, else the one LangGraph4j recorded, unless the server wrote the checkpoint (a state update or a fork) with
     * another {@code next}.
     */
    org.bsc.langgraph4j.checkpoint.Checkpoint langGraph4jView(Checkpoint checkpoint) {
        String recorded = SpoolCheckpointSaver.runtimeString(checkpoint, NEXT, null);
        String next = gotoNode != null ? gotoNode
                : recorded != null && graph.nextNodes(recorded).equals(checkpoint.next()) ? recorded
                : graph.langGraph4jNext(checkpoint.next());
        return SpoolCheckpointSaver.toLangGraph4j(checkpoint, next);
    }

    /** Saves the thread's state before the input is applied, as LangGraph's {@code input} checkpoint. */
    synchronized void saveInput(Map<String, Object> previousValues) {
        step = newest == null ? -1 : step + 1;
        save(previousValues, List.of(GraphShapes.START), "input", List.of(),
                runtime(StateGraph.START, StateGraph.START));
    }

    /** Saves the state a command's update made of a thread with nothing to resume, as LangGraph's input does. */
    synchronized void saveUpdate(Map<String, Object> values) {
        step = newest == null ? -1 : step + 1;
        save(ordered(values), List.of(), "input", List.of(), runtime(StateGraph.START, StateGraph.END));
    }

    /** Saves a checkpoint LangGraph4j makes after the input is applied or after a node: one super-step. */
    synchronized Checkpoint saveStep(org.bsc.langgraph4j.checkpoint.Checkpoint checkpoint) {
        step++;
        return save(ordered(checkpoint.getState()), graph.nextNodes(checkpoint.getNextNodeId()), "loop", List.of(),
                runtime(checkpoint.getNodeId(), checkpoint.getNextNodeId()));
    }

    /**
     * Pauses on {@code interrupt()}: what the node asked is recorded as pending on the checkpoint the node ran after
     * (LangGraph writes no checkpoint for a paused task), with the answers the node has used so far. A node of a
     * subgraph pauses the root graph's task running the subgraph, which the interrupt is pending on, and the
     * subgraph's checkpoint is kept for the resume.
     */
    synchronized Interrupt pauseOn(GraphInterrupt interrupt) {
        NodeTask paused = interrupt.task;
        var pending = new Interrupt(interrupt.id, interrupt.value(), paused.root().node);
        Map<String, Object> runtime = pausedRuntime();
        runtime.put(ANSWERS, new ArrayList<>(paused.answered()));
        runtime.put(PAUSED_TASK, paused.path());
        for (NodeTask owner = paused.parent; owner != null; owner = owner.parent) {
            TaskEvents.finished(this, owner, null, interrupt);
        }
        newest = run.checkpointer().pause(List.of(pending), runtime);
        return pending;
    }

    /**
     * Handles LangGraph4j ending its stream on an interruption. A static one (interrupt before/after a node) needs
     * nothing: the newest checkpoint already names the next node. One raised by an {@code InterruptableAction} is
     * recorded on the newest checkpoint as a pending interrupt whose value is the interruption's metadata.
     */
    synchronized Optional<Interrupt> pauseOn(InterruptionMetadata<?> interruption, Set<String> before,
                                             Set<String> after) {
        String next = SpoolCheckpointSaver.runtimeString(newest, NEXT, null);
        String last = SpoolCheckpointSaver.runtimeString(newest, NODE, null);
        if (before.contains(next) || after.contains(last)) return Optional.empty();
        Map<String, Object> value = new LinkedHashMap<>();
        interruption.metadataKeys().forEach(key -> value.put(key, interruption.metadata(key).orElse(null)));
        var pending = new Interrupt(GraphInterrupt.newId(), value.isEmpty() ? null : value, interruption.nodeId());
        newest = run.checkpointer().pause(List.of(pending), pausedRuntime());
        return Optional.of(pending);
    }

    /** The newest checkpoint's runtime data, with the subgraphs the pause leaves unfinished. */
    private Map<String, Object> pausedRuntime() {
        Map<String, Object> runtime = new HashMap<>(newest.runtime());
        Map<String, Object> unfinished = subgraphs.unfinished();
        if (unfinished.isEmpty()) runtime.remove(SubgraphCheckpoints.RUNTIME_KEY);
        else runtime.put(SubgraphCheckpoints.RUNTIME_KEY, unfinished);
        return runtime;
    }

    /** Whether the newest checkpoint leaves nodes to run. */
    synchronized boolean hasWorkLeft() {
        return newest != null && canResume(newest);
    }

    /** Whether a checkpoint leaves work to do (paused, cancelled or failed mid-run), i.e. a run can resume from it. */
    static boolean canResume(Checkpoint checkpoint) {
        return !checkpoint.next().isEmpty() && !checkpoint.next().equals(List.of(GraphShapes.START));
    }

    /** Sets up going on from the newest checkpoint as {@code command} says; returns the command's state update. */
    synchronized Map<String, Object> prepareResume(Map<String, Object> command) {
        var resume = ResumeCommand.of(command, newest);
        resumePath = resume.pausedPath();
        resumeAnswers = resume.answers();
        gotoNode = resume.gotoNode();
        return resume.update();
    }

    private Checkpoint save(Map<String, Object> values, List<String> next, String source, List<Interrupt> interrupts,
                            Map<String, Object> runtime) {
        runtime = new HashMap<>(runtime);
        runtime.put(STEP, step);
        newest = run.checkpointer().save(new CheckpointDraft(values, next, source, step, interrupts, runtime));
        return newest;
    }

    private static Map<String, Object> runtime(String node, String next) {
        Map<String, Object> runtime = new HashMap<>();
        runtime.put(NODE, node);
        runtime.put(NEXT, next);
        return runtime;
    }

    // ---- subgraph checkpoints -----------------------------------------------------------------------------------

    /** The newest checkpoint of the subgraph {@code owner} runs, in LangGraph4j's shape. */
    Optional<org.bsc.langgraph4j.checkpoint.Checkpoint> subgraphCheckpoint(NodeTask owner, RunnableConfig config) {
        return subgraphs.newest(owner, resumesSubgraph(owner, config)).map(SubgraphCheckpoints.Saved::toLangGraph4j);
    }

    /** Keeps a checkpoint LangGraph4j makes inside the subgraph {@code owner} runs; returns its id. */
    String saveSubgraphStep(NodeTask owner, org.bsc.langgraph4j.checkpoint.Checkpoint checkpoint,
                            RunnableConfig config) {
        return subgraphs.save(owner, checkpoint, resumesSubgraph(owner, config)).id();
    }

    /** Whether the subgraph {@code owner} runs has a checkpoint a resume can go on from. */
    boolean canResumeSubgraph(NodeTask owner) {
        return subgraphs.newest(owner, true).isPresent();
    }

    /** LangGraph4j marks the config of a subgraph it resumes (the node it paused before or in runs a subgraph). */
    private static boolean resumesSubgraph(NodeTask owner, RunnableConfig config) {
        return config.metadata(SubCompiledGraphNodeAction.resumeSubGraphId(owner.node)).isPresent();
    }

    /** Notes the keys of state written from outside the nodes (input, command update), in order. */
    void noteKeys(Map<String, ?> values) {
        keyOrder.note(values);
    }

    /** {@code state} laid out with its keys in the order LangGraph would show them. */
    Map<String, Object> ordered(Map<String, Object> state) {
        return keyOrder.apply(state);
    }

    // ---- node executions ----------------------------------------------------------------------------------------

    /**
     * Starts an execution of {@code node}; {@code owner} is the task running the subgraph the node belongs to (null
     * at the root), {@code config} the config LangGraph4j runs the node with.
     */
    synchronized NodeTask startTask(String node, Map<String, Object> input, NodeTask owner, RunnableConfig config) {
        NodeTask task;
        List<Object> answers = answersFor(NodeTask.pathOf(owner, node));
        if (owner == null) {
            task = new NodeTask(node, step + 1, input, answers, newest == null ? null : newest.checkpointId(), null,
                    writer);
        } else {
            var before = subgraphs.newest(owner, resumesSubgraph(owner, config));
            task = new NodeTask(node, before.map(saved -> saved.step() + 1).orElse(1), input, answers,
                    before.map(SubgraphCheckpoints.Saved::id).orElse(null), owner, writerInside(owner));
        }
        tasks.put(node, task);
        messages.given(task, input);
        TaskEvents.started(this, task);
        return task;
    }

    /** The writer of the events of the subgraph {@code owner} runs. */
    StreamWriter writerInside(NodeTask owner) {
        return new SubgraphWriter(writer, owner.innerNamespace(), run.streamSubgraphs());
    }

    /**
     * The answers for an execution of the node at {@code path}: only the paused node's first execution after the
     * pause gets them; the nodes running the subgraphs it is in may start before it, any other node ends the resume.
     */
    private List<Object> answersFor(List<String> path) {
        if (resumePath == null) return List.of();
        if (path.equals(resumePath)) {
            resumePath = null;
            return resumeAnswers;
        }
        if (!resumePath.subList(0, Math.min(path.size(), resumePath.size())).equals(path)) resumePath = null;
        return List.of();
    }

    /**
     * Records what a node returned for its {@code updates} event, sends the messages it returned whole and reports
     * the task's end; returns the update for LangGraph4j (its messages given ids), in which a streaming node's
     * generators are wrapped so that their results join the record.
     */
    Map<String, Object> finishTask(NodeTask task, Map<String, Object> returned) {
        Map<String, Object> recorded = new LinkedHashMap<>();
        Map<String, Object> forwarded = new HashMap<>();
        Map<String, Object> update = returned == null ? null : ReturnedMessages.withIds(returned);
        if (update != null) {
            messages.send(this, task, update);
            update.forEach((key, value) -> {
                if (value instanceof AsyncGenerator<?> generator) {
                    forwarded.put(key, new CapturingGenerator<>(generator, result -> finishStreamed(task, result)));
                } else {
                    recorded.put(key, value);
                    forwarded.put(key, value);
                }
            });
        }
        keyOrder.note(recorded);
        updates.put(task.node, recorded);
        boolean streams = forwarded.size() > recorded.size();
        // a node that streams (or runs a subgraph) ends when its generator does
        if (!streams) TaskEvents.finished(this, task, recorded, null);
        return streams ? forwarded : update;
    }

    void failTask(NodeTask task, Throwable error) {
        TaskEvents.finished(this, task, null, Failures.unwrap(error));
    }

    /**
     * A streaming node's generator ended with {@code result} (for a subgraph, its final state), which joins the
     * node's update; the messages in it not streamed yet are sent whole.
     */
    @SuppressWarnings("unchecked")
    private void finishStreamed(NodeTask task, Object result) {
        if (result instanceof Map<?, ?> output) messages.send(this, task, (Map<String, Object>) output);
        Map<String, Object> recorded = updates.computeIfPresent(task.node, (key, update) -> {
            if (result instanceof Map<?, ?> streamed) streamed.forEach((k, v) -> update.put(String.valueOf(k), v));
            return update;
        });
        if (recorded != null) keyOrder.note(recorded);
        TaskEvents.finished(this, task, recorded, null);
    }

    /** What the node returned, once: consumed when its output is streamed. */
    Map<String, Object> takeUpdate(String node) {
        return updates.remove(node);
    }

    NodeTask task(String node) {
        return tasks.get(node);
    }

    /** A message was streamed chunk by chunk: LangGraph does not send it again when the node returns it. */
    void streamedMessage(String id) {
        messages.streamed(id);
    }

    /** The metadata of the messages {@code task} streams (without what a model adds to its own). */
    Map<String, Object> messageMetadata(NodeTask task) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("tags", run.config().get("tags") instanceof List<?> tags ? tags : List.of());
        metadata.putAll(runMetadata());
        if (task != null) {
            String namespace = String.join("|", task.innerNamespace());
            metadata.put("langgraph_step", task.step);
            metadata.put("langgraph_node", task.node);
            metadata.put("langgraph_triggers", List.of("branch:to:" + task.node));
            metadata.put("langgraph_path", List.of("__pregel_pull", task.node));
            metadata.put("langgraph_checkpoint_ns", namespace);
            metadata.put("checkpoint_ns", namespace);
        }
        return metadata;
    }

    /** The run's metadata as LangGraph shows it in task and message events. */
    synchronized Map<String, Object> runMetadata() {
        if (runMetadata == null) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            if (run.config().get("metadata") instanceof Map<?, ?> given) {
                given.forEach((key, value) -> metadata.put(String.valueOf(key), value));
            }
            var configurable = run.configurable();
            for (String key : List.of("graph_id", "assistant_id")) {
                if (configurable.get(key) != null) metadata.putIfAbsent(key, configurable.get(key));
            }
            metadata.putIfAbsent("graph_id", graph.graphId());
            metadata.putIfAbsent("run_attempt", 1);
            metadata.putIfAbsent("thread_id", run.threadId());
            metadata.putIfAbsent("run_id", run.runId());
            runMetadata = Collections.unmodifiableMap(metadata);
        }
        return runMetadata;
    }
}
