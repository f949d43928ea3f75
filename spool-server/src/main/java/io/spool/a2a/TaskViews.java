package io.spool.a2a;

import io.spool.a2a.A2aWire.Artifact;
import io.spool.a2a.A2aWire.Message;
import io.spool.a2a.A2aWire.Part;
import io.spool.a2a.A2aWire.State;
import io.spool.a2a.A2aWire.Status;
import io.spool.a2a.A2aWire.Task;
import io.spool.graph.Checkpoint;
import io.spool.graph.Interrupt;
import io.spool.json.Json;
import io.spool.runs.RunOutcome;
import io.spool.runs.RunService;
import io.spool.storage.RunRecord;
import io.spool.storage.RunStatus;
import io.spool.storage.ThreadRecord;
import io.spool.threads.ThreadService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A run seen as an A2A task: its state, the reply (the last AI message of the thread's {@code messages}, or the
 * thread's values as JSON for graphs without messages) as an artifact and as the status message, what an interrupt
 * asks as the status message of an {@code input-required} task, the conversation as the history.
 */
final class TaskViews {

    static final String ARTIFACT_NAME = "Assistant Response";

    private final RunService runs;
    private final ThreadService threads;

    TaskViews(RunService runs, ThreadService threads) {
        this.runs = runs;
        this.threads = threads;
    }

    /**
     * The task {@code taskId} whose newest run is {@code run}; {@code outcome} is how it ended, null to look it up
     * (a run still in flight has none). {@code historyLength} null for the whole conversation.
     */
    Task view(String taskId, RunRecord run, RunOutcome outcome, Integer historyLength) {
        String contextId = run.threadId();
        if (outcome == null && run.status().inFlight()) {
            State state = run.status() == RunStatus.PENDING ? State.SUBMITTED : State.WORKING;
            Map<String, Object> values = threads.find(contextId).map(ThreadRecord::values).orElse(Map.of());
            return new Task(taskId, contextId, new Status(state, null, Instant.now()), List.of(),
                    history(values, taskId, contextId, historyLength));
        }
        if (outcome == null) outcome = runs.outcome(contextId, run.runId()).join();
        Checkpoint after = outcome.stateAfter();
        Map<String, Object> values = after == null ? Map.of() : after.values();
        List<Message> history = history(values, taskId, contextId, historyLength);
        RunRecord ended = outcome.run();
        State state = stateOf(ended, outcome);
        Instant at = ended == null ? Instant.now() : ended.updatedAt();
        return switch (state) {
            case COMPLETED -> {
                List<Part> reply = List.of(Part.text(replyText(values)));
                Artifact artifact = new Artifact(artifactId(run), ARTIFACT_NAME, null, reply);
                yield new Task(taskId, contextId, new Status(state, agent(reply, taskId, contextId), at),
                        List.of(artifact), history);
            }
            case INPUT_REQUIRED -> new Task(taskId, contextId, new Status(state,
                    agent(questions(after.interrupts()), taskId, contextId), at), List.of(), history);
            case FAILED -> new Task(taskId, contextId, new Status(state,
                    agent(List.of(Part.text(failure(ended, outcome))), taskId, contextId), at), List.of(), history);
            default -> new Task(taskId, contextId, new Status(state, null, at), List.of(), history);
        };
    }

    /** The id of the reply artifact of a run: the same in a stream's updates and in the task. */
    static String artifactId(RunRecord run) {
        return "reply-" + run.runId();
    }

    private static State stateOf(RunRecord ended, RunOutcome outcome) {
        if (ended == null) return State.CANCELED; // rolled back
        return switch (ended.status()) {
            case PENDING -> State.SUBMITTED;
            case RUNNING -> State.WORKING;
            case INTERRUPTED -> State.CANCELED;
            case ERROR, TIMEOUT -> State.FAILED;
            case SUCCESS -> pausedBy(ended, outcome.stateAfter()) ? State.INPUT_REQUIRED : State.COMPLETED;
        };
    }

    /** Whether the run ended paused on an interrupt that still waits (no later run went past it). */
    private static boolean pausedBy(RunRecord run, Checkpoint after) {
        return after != null && !after.interrupts().isEmpty()
                && run.runId().equals(after.metadata().get("run_id"));
    }

    private static String failure(RunRecord ended, RunOutcome outcome) {
        Map<String, Object> error = outcome.error();
        if (error != null && error.get("message") != null) {
            return "The run failed: " + error.getOrDefault("error", "Error") + ": " + error.get("message");
        }
        return "The run ended with status " + (ended == null ? "error" : ended.status().wire());
    }

    /** What the graph asks, one text part per interrupt (its value, as JSON text unless it is text). */
    private static List<Part> questions(List<Interrupt> interrupts) {
        List<Part> parts = new ArrayList<>();
        for (Interrupt i : interrupts) {
            parts.add(Part.text(i.value() instanceof String s ? s : Json.text(i.value())));
            if (i.value() instanceof Map<?, ?>) parts.add(new Part(null, i.value()));
        }
        return parts;
    }

    private static Message agent(List<Part> parts, String taskId, String contextId) {
        return new Message("agent", parts, UUID.randomUUID().toString(), taskId, contextId);
    }

    /** The text of the last AI message, or the values as JSON when there are no messages to answer with. */
    static String replyText(Map<String, Object> values) {
        if (values.get("messages") instanceof List<?> messages) {
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i) instanceof Map<?, ?> m && isAi(m)) return text(m.get("content"));
            }
        }
        return Json.text(values);
    }

    private static boolean isAi(Map<?, ?> m) {
        Object type = m.get("type");
        return "ai".equals(type) || "AIMessageChunk".equals(type) || "assistant".equals(m.get("role"));
    }

    /** A message's content as text: a string as is, content blocks by their {@code text}. */
    static String text(Object content) {
        if (content instanceof String s) return s;
        if (content instanceof List<?> blocks) {
            StringBuilder b = new StringBuilder();
            for (Object block : blocks) {
                if (block instanceof String s) b.append(s);
                else if (block instanceof Map<?, ?> m && m.get("text") instanceof String s) b.append(s);
            }
            return b.toString();
        }
        return content == null ? "" : Json.text(content);
    }

    /** The conversation of the context as A2A messages: human ones from the user, AI ones from the agent. */
    private static List<Message> history(Map<String, Object> values, String taskId, String contextId,
                                         Integer historyLength) {
        List<Message> history = new ArrayList<>();
        if (values.get("messages") instanceof List<?> messages) {
            for (Object o : messages) {
                if (!(o instanceof Map<?, ?> m)) continue;
                String role = "human".equals(m.get("type")) || "user".equals(m.get("role")) ? "user"
                        : isAi(m) ? "agent" : null;
                if (role == null) continue; // tool and system messages are the graph's own business
                String id = m.get("id") instanceof String s ? s : UUID.randomUUID().toString();
                history.add(new Message(role, List.of(Part.text(text(m.get("content")))), id, taskId, contextId));
            }
        }
        if (historyLength != null && history.size() > historyLength) {
            history = history.subList(history.size() - historyLength, history.size());
        }
        return history;
    }
}
