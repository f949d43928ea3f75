package io.spool.a2a;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two JSON shapes of A2A objects a caller may speak, chosen by the method name it calls: A2A 0.3
 * ({@code message/send}...: {@code kind} discriminators, states like {@code input-required}, roles {@code user} /
 * {@code agent}) and A2A 1.0 ({@code SendMessage}...: the protobuf JSON form, states like
 * {@code TASK_STATE_INPUT_REQUIRED}, roles {@code ROLE_USER}, results wrapped in {@code {"task": ...}}). Reading a
 * message accepts either shape whatever the method.
 */
enum A2aWire {
    V0_3, V1_0;

    /** Where a task is, in A2A's terms. */
    enum State {
        SUBMITTED("submitted"), WORKING("working"), INPUT_REQUIRED("input-required"), COMPLETED("completed"),
        CANCELED("canceled"), FAILED("failed");

        final String v03;

        State(String v03) {
            this.v03 = v03;
        }

        boolean terminal() {
            return this == COMPLETED || this == CANCELED || this == FAILED;
        }
    }

    /** A part of a message or artifact: text, or a JSON value ({@code data}). */
    record Part(String text, Object data) {
        static Part text(String text) {
            return new Part(text, null);
        }
    }

    /** A message; {@code role} is {@code user} or {@code agent}. */
    record Message(String role, List<Part> parts, String messageId, String taskId, String contextId) {
    }

    record Status(State state, Message message, Instant timestamp) {
    }

    record Artifact(String artifactId, String name, String description, List<Part> parts) {
    }

    record Task(String id, String contextId, Status status, List<Artifact> artifacts, List<Message> history) {
    }

    /** The version a method name belongs to; null for a name of neither. */
    static A2aWire ofMethod(String method) {
        return switch (method) {
            case "message/send", "message/stream", "tasks/get", "tasks/cancel" -> V0_3;
            case "SendMessage", "SendStreamingMessage", "GetTask", "CancelTask" -> V1_0;
            default -> null;
        };
    }

    /** The result of a send, and a stream's first event: the task itself (0.3) or {@code {"task": task}} (1.0). */
    Object taskResult(Task task) {
        return this == V0_3 ? task(task) : Map.of("task", task(task));
    }

    Map<String, Object> task(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (this == V0_3) m.put("kind", "task");
        m.put("id", t.id());
        m.put("contextId", t.contextId());
        m.put("status", status(t.status()));
        if (!t.artifacts().isEmpty()) m.put("artifacts", t.artifacts().stream().map(this::artifact).toList());
        m.put("history", t.history().stream().map(this::message).toList());
        return m;
    }

    Map<String, Object> statusUpdate(String taskId, String contextId, Status status, boolean last) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (this == V0_3) m.put("kind", "status-update");
        m.put("taskId", taskId);
        m.put("contextId", contextId);
        m.put("status", status(status));
        if (this == V0_3) {
            m.put("final", last); // 1.0 dropped it: the stream's end says so
            return m;
        }
        return Map.of("statusUpdate", m);
    }

    Map<String, Object> artifactUpdate(String taskId, String contextId, Artifact artifact, boolean append,
                                       boolean lastChunk) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (this == V0_3) m.put("kind", "artifact-update");
        m.put("taskId", taskId);
        m.put("contextId", contextId);
        m.put("artifact", artifact(artifact));
        m.put("append", append);
        m.put("lastChunk", lastChunk);
        return this == V0_3 ? m : Map.of("artifactUpdate", m);
    }

    private Map<String, Object> status(Status s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", this == V0_3 ? s.state().v03 : "TASK_STATE_" + s.state().name());
        if (s.message() != null) m.put("message", message(s.message()));
        m.put("timestamp", s.timestamp().toString());
        return m;
    }

    Map<String, Object> message(Message msg) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (this == V0_3) m.put("kind", "message");
        m.put("messageId", msg.messageId());
        if (msg.contextId() != null) m.put("contextId", msg.contextId());
        if (msg.taskId() != null) m.put("taskId", msg.taskId());
        m.put("role", this == V0_3 ? msg.role() : "ROLE_" + msg.role().toUpperCase());
        m.put("parts", msg.parts().stream().map(this::part).toList());
        return m;
    }

    private Map<String, Object> artifact(Artifact a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("artifactId", a.artifactId());
        if (a.name() != null) m.put("name", a.name());
        if (a.description() != null) m.put("description", a.description());
        m.put("parts", a.parts().stream().map(this::part).toList());
        return m;
    }

    private Map<String, Object> part(Part p) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (p.text() != null) {
            if (this == V0_3) m.put("kind", "text");
            m.put("text", p.text());
        } else {
            if (this == V0_3) m.put("kind", "data");
            m.put("data", p.data());
        }
        return m;
    }

    /**
     * The message of a send's params, in either shape: its role, text and data parts (file parts are refused, the
     * graphs here take text and JSON), ids.
     */
    static Message readMessage(Object raw) {
        if (!(raw instanceof Map<?, ?> m)) throw A2aError.invalidParams("params.message must be an object");
        String role = switch (String.valueOf(m.get("role"))) {
            case "agent", "ROLE_AGENT" -> "agent";
            case "user", "ROLE_USER", "null" -> "user";
            default -> throw A2aError.invalidParams("params.message.role must be user or agent (ROLE_USER or "
                    + "ROLE_AGENT), got " + m.get("role"));
        };
        if (!(m.get("parts") instanceof List<?> rawParts) || rawParts.isEmpty()) {
            throw A2aError.invalidParams("params.message.parts must list at least one part");
        }
        List<Part> parts = new ArrayList<>();
        for (Object o : rawParts) parts.add(readPart(o));
        return new Message(role, parts, text(m.get("messageId")), text(m.get("taskId")), text(m.get("contextId")));
    }

    private static Part readPart(Object o) {
        if (!(o instanceof Map<?, ?> p)) throw A2aError.invalidParams("Every message part must be an object");
        Object kind = p.get("kind");
        if (kind == null) kind = p.get("type"); // early 0.x drafts
        if (p.get("text") instanceof String s && (kind == null || "text".equals(kind))) return Part.text(s);
        if (p.containsKey("data") && (kind == null || "data".equals(kind))) {
            if (!(p.get("data") instanceof Map<?, ?>)) {
                throw A2aError.invalidParams("A data part's data must be a JSON object (it is merged into the "
                        + "graph's input)");
            }
            return new Part(null, p.get("data"));
        }
        if ("file".equals(kind) || p.containsKey("file") || p.containsKey("url") || p.containsKey("raw")) {
            throw new A2aError(A2aError.CONTENT_TYPE_NOT_SUPPORTED, "File parts are not supported: send text or "
                    + "data parts");
        }
        throw A2aError.invalidParams("A message part must be a text part ({\"text\": ...}) or a data part "
                + "({\"data\": {...}}), got " + p.keySet());
    }

    private static String text(Object o) {
        return o instanceof String s && !s.isEmpty() ? s : null;
    }
}
