package io.spool.bench;

/**
 * Spool's load client. One subcommand per measurement; each prints its figures and appends them to {@code --out}
 * (see {@link Results}). {@code bench/run.sh} drives them; see {@code bench/README.md}.
 */
public final class Main {

    private static final String USAGE = """
            usage: java -jar spool-bench.jar COMMAND [--url http://127.0.0.1:PORT] [options]
                   [--out RAW.tsv --label spool|peer|raw --rep N]
              burst-direct   #1  --count 2000
              burst-joined   #2  --count 100000 --join thread|run [--sleep-ms 300] [--slow-reader 10 --pid P] (#8)
              raw-server         --port P            the raw ceiling's server (runs until killed)
              raw                --count 100000      the raw ceiling's client (--url of raw-server)
              wait           #3  --runs 1000 [--warmups 20]
              thread-fanout  #4  --clients 10000 --events 100 --rate 20 [--pid P]
              run-fanout     #4  --clients 200 --count 500 --pause-ms 3000 [--pid P]
              memory         #5  --pid P --conns 2000 --join thread|run
              replay-fill    #6  --events 1000000 --state FILE
              replay         #6  --state FILE --join thread|run
              replay-contention  --state FILE --clients 200 [--probe-ms 20]   (other reads during replays)
              startup        #7  --url U [--pidfile F] [--log F] [--dir D] [--wait-exit] -- COMMAND...
              report             --raw RAW.tsv --out TABLE.md [--peer true|false]""";

    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || argv[0].equals("-h") || argv[0].equals("--help")) {
            System.out.println(USAGE);
            return;
        }
        Args a = new Args(argv, 1);
        switch (argv[0]) {
            case "burst-direct" -> BurstDirect.run(a);
            case "burst-joined" -> BurstJoined.run(a);
            case "raw-server" -> RawServer.run(a);
            case "raw" -> RawClient.run(a);
            case "wait" -> WaitRuns.run(a);
            case "store-search" -> StoreSearch.run(a);
            case "thread-fanout" -> ThreadFanout.run(a);
            case "run-fanout" -> RunJoinFanout.run(a);
            case "memory" -> IdleMemory.run(a);
            case "replay-fill" -> Replay.fill(a);
            case "replay" -> Replay.measure(a);
            case "replay-contention" -> ReplayContention.run(a);
            case "startup" -> Startup.run(a);
            case "report" -> Report.run(a);
            default -> {
                System.err.println("unknown command " + argv[0]);
                System.err.println(USAGE);
                System.exit(2);
            }
        }
        System.exit(0); // virtual threads of closed connections must not keep the JVM alive
    }
}
