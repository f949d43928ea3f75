package io.spool.http;

import io.spool.assistants.Assistants;
import io.spool.crons.CronService;
import io.spool.graphs.GraphRegistry;
import io.spool.http.ws.ProtocolSocketRoute;
import io.spool.metrics.Metrics;
import io.spool.runs.RunService;
import io.spool.storage.EventBus;
import io.spool.storage.Storage;
import io.spool.store.StoreService;
import io.spool.threads.ThreadService;
import io.spool.v2.ProtocolCommands;
import io.spool.v2.RunInfo;
import io.spool.v2.StoredRunInfo;
import java.time.Duration;

/** Every route of the API, on one router. */
public final class Api {

    /** Spool's version, as {@code /info} and the protocol endpoints tell it. */
    public static final String VERSION = SystemRoutes.VERSION;

    private Api() {
    }

    public static Router routes(Storage storage, GraphRegistry graphs, Assistants assistants, ThreadService threads,
                                RunService runs, StoreService store, CronService crons, EventBus logs,
                                Duration heartbeat, Metrics metrics) {
        Router r = new Router().metered(metrics.http());
        new SystemRoutes(storage).register(r);
        new DocsRoutes().register(r);
        new UiRoutes().register(r);
        new AssistantRoutes(assistants, graphs, threads).register(r);
        new ThreadStreamRoute(threads, logs, heartbeat).register(r);
        RunInfo runInfo = new StoredRunInfo(storage.runs(), assistants);
        ProtocolCommands commands = new ProtocolCommands(runs, threads, logs, runInfo);
        new ProtocolRoutes(threads, logs, commands, runInfo, heartbeat).register(r);
        new ProtocolSocketRoute(threads, logs, commands, runInfo, heartbeat, metrics.http()).register(r);
        new CronRoutes(crons, runs).register(r); // before the run routes: /runs/crons is not a run
        new RunRoutes(runs, logs, heartbeat).register(r);
        new ThreadRoutes(threads).register(r);
        new StoreRoutes(store).register(r);
        new MetricsRoutes(metrics).register(r);
        return r;
    }
}
