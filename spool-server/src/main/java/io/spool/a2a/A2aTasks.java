package io.spool.a2a;

import io.spool.a2a.A2aWire.Message;
import io.spool.a2a.A2aWire.Part;
import io.spool.a2a.A2aWire.State;
import io.spool.a2a.A2aWire.Task;
import io.spool.assistants.Assistants;
import io.spool.errors.ApiError;
import io.spool.graph.SpoolGraph;
import io.spool.graphs.GraphRegistry;
import io.spool.graphs.GraphSchemas;
import io.spool.ids.Ids;
import io.spool.runs.RunCreate;
import io.spool.runs.RunOutcome;
import io.spool.runs.RunService;
import io.spool.storage.Assistant;
import io.spool.storage.CancelAction;
import io.spool.storage.RunRecord;
import io.spool.storage.ThreadRecord;
import io.spool.storage.ThreadStatus;
import io.spool.threads.ThreadService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A2A tasks over Spool runs: a context is a thread (created by the first message), a task is the run its first
 * message started. A task paused on an interrupt is {@code input-required}; the next message of its context (or one
 * naming the task) resumes it with a {@code Command}, as a new run that carries the task's id in its metadata
 * ({@value #TASK_KEY}), so the task keeps its id across the pause, as A2A wants.
 */
final class A2aTasks {

    /** The run metadata that ties a resuming run to the task it continues. */
    static final String TASK_KEY = "a2a_task_id";
    /** How far back in a thread's runs the current run of a task is looked for. */
    private static final int RUNS_SCANNED = 200;

    private final Assistants assistants;
    private final GraphRegistry graphs;
    private final RunService runs;
    private final ThreadService threads;
    private final TaskViews views;

    A2aTasks(Assistants assistants, GraphRegistry graphs, RunService runs, ThreadService threads) {
        this.assistants = assistants;
        this.graphs = graphs;
        this.runs = runs;
        this.threads = threads;
        this.views = new TaskViews(runs, threads);
    }

    /** What a message asks for, checked: the run to create on the context's thread, and the task it is part of. */
    record Plan(String contextId, String taskId, RunCreate run, Message sent) {
    }

    /** A started run of a task. */
    record Started(RunRecord run, String taskId, Message sent) {
    }

    /** The assistant named in the path (an id or a graph id), or a JSON-RPC error. */
    Assistant assistant(String ref) {
        return assistants.resolve(ref).orElseThrow(() -> A2aError.invalidParams("Assistant '" + ref
                + "' not found; graphs served here: " + assistants.graphIds()));
    }

    Plan plan(Assistant assistant, Message msg, List<String> streamModes) {
        String contextId = msg.contextId();
        if (contextId != null && !Ids.isUuid(contextId)) {
            throw A2aError.invalidParams("contextId must be a UUID (it names the Spool thread of the "
                    + "conversation); leave it out to start a new context");
        }
        String taskId = null;
        if (msg.taskId() != null) {
            RunRecord first = taskRun(msg.taskId());
            if (contextId != null && !contextId.equals(first.threadId())) {
                throw A2aError.invalidParams("Task " + msg.taskId() + " belongs to context " + first.threadId()
                        + ", not " + contextId);
            }
            contextId = first.threadId();
            State state = views.view(msg.taskId(), currentRun(msg.taskId(), contextId), null, 0).status().state();
            if (state != State.INPUT_REQUIRED) {
                throw A2aError.invalidParams("Task " + msg.taskId() + " is " + state.v03 + ": only a task waiting "
                        + "for input (input-required) takes a reply; send the message without taskId to start a "
                        + "new task in the same context");
            }
            taskId = msg.taskId();
        }
        if (contextId == null) {
            contextId = UUID.randomUUID().toString();
        } else if (threads.hiddenFromCaller(contextId)) { // another identity's conversation does not exist
            throw A2aError.invalidParams("Context " + contextId + " not found");
        }
        ThreadRecord thread = threads.find(contextId).orElse(null);
        if (taskId == null && thread != null && thread.status() == ThreadStatus.INTERRUPTED
                && thread.interrupts() != null && !thread.interrupts().isEmpty()) {
            // the conversation waits for this answer: it continues the task of the paused run
            taskId = runs.list(contextId, 1, 0, null).stream().findFirst().map(A2aTasks::taskOf).orElse(null);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("source", "a2a");
        RunCreate run;
        if (taskId != null) {
            metadata.put(TASK_KEY, taskId);
            run = runCreate(assistant, null, Map.of("resume", resumeValue(msg)), metadata, streamModes);
        } else {
            run = runCreate(assistant, input(assistant, msg), null, metadata, streamModes);
        }
        return new Plan(contextId, taskId, run, msg);
    }

    Started start(Plan plan, boolean attached) {
        RunRecord run;
        try {
            run = runs.create(plan.contextId(), plan.run(), attached);
        } catch (ApiError e) {
            if (e.status() >= 500) throw e;
            throw A2aError.invalidParams(e.getMessage());
        }
        return new Started(run, plan.taskId() != null ? plan.taskId() : run.runId(), plan.sent());
    }

    /** Waits for a started run to end and answers with its task. */
    Task await(Started s, Integer historyLength) throws InterruptedException {
        try {
            RunOutcome outcome = runs.outcome(s.run().threadId(), s.run().runId()).get();
            return views.view(s.taskId(), s.run(), outcome, historyLength);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            runs.release(s.run().runId());
        }
    }

    /** The task as it is now, with its run just created (a send that does not wait). */
    Task submitted(Started s, Integer historyLength) {
        return views.view(s.taskId(), runs.get(s.run().threadId(), s.run().runId()), null, historyLength);
    }

    Task get(String taskId, Integer historyLength) {
        RunRecord first = taskRun(taskId);
        return views.view(taskId, currentRun(taskId, first.threadId()), null, historyLength);
    }

    /** Cancels the task's run in flight (interrupt: what it did so far stays in the context's state). */
    Task cancel(String taskId) throws InterruptedException {
        RunRecord first = taskRun(taskId);
        RunRecord current = currentRun(taskId, first.threadId());
        if (!current.status().inFlight()) throw notCancelable(taskId, current);
        CompletableFuture<RunOutcome> outcome;
        try {
            outcome = runs.cancel(current.threadId(), current.runId(), CancelAction.INTERRUPT);
        } catch (ApiError endedMeanwhile) {
            throw notCancelable(taskId, current);
        }
        try {
            return views.view(taskId, current, outcome.get(), null);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private A2aError notCancelable(String taskId, RunRecord current) {
        State state = views.view(taskId, current, null, 0).status().state();
        return new A2aError(A2aError.TASK_NOT_CANCELABLE, "Task " + taskId + " is " + state.v03
                + ": only a submitted or working task can be canceled");
    }

    TaskViews views() {
        return views;
    }

    /** The run a task id names (its first run), or -32001. */
    private RunRecord taskRun(String taskId) {
        if (!Ids.isUuid(taskId)) throw A2aError.taskNotFound(taskId);
        try {
            return runs.get(null, taskId);
        } catch (ApiError notFound) {
            throw A2aError.taskNotFound(taskId);
        }
    }

    /** The newest run of a task: its first run, or the latest that resumed it. */
    private RunRecord currentRun(String taskId, String threadId) {
        for (RunRecord r : runs.list(threadId, RUNS_SCANNED, 0, null)) {
            if (taskId.equals(taskOf(r))) return r;
        }
        return runs.get(threadId, taskId);
    }

    private static String taskOf(RunRecord run) {
        return run.metadata().get(TASK_KEY) instanceof String t ? t : run.runId();
    }

    /**
     * A new task's input: every text part a human message in {@code messages}, every data part merged in. Text
     * needs a graph whose input has {@code messages}, as on the official server.
     */
    private Map<String, Object> input(Assistant assistant, Message msg) {
        List<Object> messages = new ArrayList<>();
        Map<String, Object> input = new LinkedHashMap<>();
        for (Part p : msg.parts()) {
            if (p.text() != null) {
                messages.add(Map.of("type", msg.role().equals("user") ? "human" : "ai", "content", p.text()));
            } else {
                ((Map<?, ?>) p.data()).forEach((k, v) -> input.put(String.valueOf(k), v));
            }
        }
        if (!messages.isEmpty()) {
            if (!takesMessages(assistant)) {
                throw A2aError.invalidParams("Assistant '" + assistant.assistantId() + "' (graph '"
                        + assistant.graphId() + "') has no 'messages' in its input, so it takes no text parts: send "
                        + "a data part with its input instead");
            }
            input.put("messages", messages);
        }
        return input;
    }

    private boolean takesMessages(Assistant assistant) {
        SpoolGraph graph = graphs.get(assistant.graphId()).orElse(null);
        if (graph == null) return false;
        Object properties = GraphSchemas.input(graph, assistant.graphId()).get("properties");
        return !(properties instanceof Map<?, ?> p) || p.isEmpty() || p.containsKey("messages");
    }

    /** The answer to an interrupt: the text (parts joined by newlines), the data, or the data with the text. */
    private static Object resumeValue(Message msg) {
        List<String> texts = new ArrayList<>();
        Map<String, Object> data = new LinkedHashMap<>();
        for (Part p : msg.parts()) {
            if (p.text() != null) texts.add(p.text());
            else ((Map<?, ?>) p.data()).forEach((k, v) -> data.put(String.valueOf(k), v));
        }
        if (data.isEmpty()) return String.join("\n", texts);
        if (!texts.isEmpty()) data.put("text", String.join("\n", texts));
        return data;
    }

    private static RunCreate runCreate(Assistant a, Map<String, Object> input, Map<String, Object> command,
                                       Map<String, Object> metadata, List<String> streamModes) {
        return new RunCreate(a.assistantId(), input, command, null, null, metadata, streamModes, false, false,
                null, null, null, "create", null, null, 0, null, null);
    }
}
