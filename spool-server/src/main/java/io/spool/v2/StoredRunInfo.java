package io.spool.v2;

import io.spool.assistants.Assistants;
import io.spool.storage.Assistant;
import io.spool.storage.RunRecord;
import io.spool.storage.RunStore;

/** {@link RunInfo} from the run store: a run's graph through its assistant, its end from its stored status. */
public final class StoredRunInfo implements RunInfo {

    private final RunStore runs;
    private final Assistants assistants;

    public StoredRunInfo(RunStore runs, Assistants assistants) {
        this.runs = runs;
        this.assistants = assistants;
    }

    @Override
    public String graphName(String runId) {
        return runs.get(runId).flatMap(r -> assistants.resolve(r.assistantId())).map(Assistant::graphId)
                .orElse("graph");
    }

    @Override
    public String endStatus(String runId) {
        // a run rolled back by a newer one is deleted: it was cancelled
        return switch (runs.get(runId).map(RunRecord::status).orElse(null)) {
            case SUCCESS -> "completed";
            case ERROR, TIMEOUT -> "failed";
            case null, default -> "interrupted";
        };
    }
}
