package io.spool.langgraph4j;

import io.spool.graph.Checkpoint;
import io.spool.graph.Interrupt;

import java.util.List;
import java.util.Map;

/**
 * How a run goes on from a paused checkpoint, read from its {@code command} (LangGraph's {@code Command}).
 *
 * @param pausedPath the paused task's node (LangGraph4j's id), under the nodes running the subgraphs it is in
 * @param answers    answers to the paused node's interrupts, in call order: those given before, then {@code resume}
 * @param gotoNode   {@code goto}: the node to run instead of the paused node, or null
 * @param update     {@code update}: values applied to the state through the channels before going on
 */
record ResumeCommand(List<String> pausedPath, List<Object> answers, String gotoNode, Map<String, Object> update) {

    @SuppressWarnings("unchecked")
    static ResumeCommand of(Map<String, Object> command, Checkpoint paused) {
        List<Object> answers = SpoolCheckpointSaver.answersOf(paused);
        if (command.containsKey("resume") && !paused.interrupts().isEmpty()) {
            answers.add(answerFor(command.get("resume"), paused.interrupts().getFirst()));
        }
        Object target = command.get("goto");
        return new ResumeCommand(
                SpoolCheckpointSaver.pausedPathOf(paused),
                answers,
                target == null ? null : gotoTarget(target),
                command.get("update") instanceof Map<?, ?> update ? (Map<String, Object>) update : Map.of());
    }

    /** {@code resume} is the answer itself, or a map from interrupt ids to answers. */
    private static Object answerFor(Object resume, Interrupt pending) {
        if (resume instanceof Map<?, ?> byId && byId.containsKey(pending.id())) return byId.get(pending.id());
        return resume;
    }

    /** {@code goto} is a node name, a {@code Send}-like {@code {node: ...}} or a list of those (the first is taken). */
    private static String gotoTarget(Object target) {
        if (target instanceof List<?> list && !list.isEmpty()) return gotoTarget(list.getFirst());
        if (target instanceof Map<?, ?> send && send.get("node") != null) return gotoTarget(send.get("node"));
        return GraphShapes.langGraph4jName(String.valueOf(target));
    }
}
