package io.spool.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the raw figures ({@code measure \t server \t rep \t metric \t value}) into the results table: per figure
 * the median of the repetitions for Spool and the peer, the Spool/peer ratio, the target and whether it was met, and
 * every single value. Targets that need the peer say {@code n/a} when it was not measured.
 */
final class Report {

    private enum Target { NONE, RATIO_MAX, RATIO_MIN, SPOOL_MAX, SPOOL_MIN, SPOOL_ALL_ONE }

    private record Row(String num, String measure, String metric, String title, String unit, Target target,
                       double limit, String targetText) {
    }

    private static final List<Row> ROWS = List.of(
            row("1", "burst_direct", "ms_to_last_event", "burst of N events, request → last event (runs/stream)", "ms",
                    Target.RATIO_MAX, 0.2, "Spool ≤ 1/5 of peer"),
            row("1", "burst_direct", "ms_to_close", "same, request → stream closed", "ms", Target.NONE, 0, ""),
            row("1", "burst_direct", "events_per_s", "same, events/s first → last event", "ev/s", Target.NONE, 0, ""),
            row("1", "burst_direct", "in_order", "same, all events received in order (1 = yes)", "", Target.SPOOL_ALL_ONE, 1,
                    "1"),
            row("2", "burst_joined", "events_per_s", "burst to one joined reader, events/s", "ev/s", Target.RATIO_MIN, 10,
                    "Spool ≥ 10× peer"),
            row("2", "burst_joined", "events_per_s_from_run_start",
                    "same, events/s counted from the run request + sleep_ms (includes run start-up)", "ev/s",
                    Target.NONE, 0, ""),
            row("2", "raw_ceiling", "events_per_s", "raw ceiling: bare ServerSocket → same client, events/s", "ev/s",
                    Target.NONE, 0, "(machine limit)"),
            row("2", "burst_joined", "in_order", "joined reader got all events in order (1 = yes)", "", Target.SPOOL_ALL_ONE,
                    1, "1"),
            row("2", "burst_joined", "rss_peak_mib", "server RSS peak during the run", "MiB", Target.NONE, 0, ""),
            row("3", "wait", "runs_per_s", "sequential runs/wait on one thread (burst count 0), runs/s", "runs/s",
                    Target.SPOOL_MIN, 300, "≥ 300"),
            row("3", "wait", "p50_ms", "same, latency p50", "ms", Target.NONE, 0, ""),
            row("3", "wait", "p99_ms", "same, latency p99", "ms", Target.SPOOL_MAX, 20, "≤ 20 ms"),
            row("3", "wait", "max_ms", "same, latency max", "ms", Target.NONE, 0, ""),
            row("3", "wait", "errors", "same, errors", "", Target.NONE, 0, ""),
            row("4", "thread_fanout", "all_clients_all_events",
                    "clients joined to one thread stream: every client got every event in order (1 = yes)", "",
                    Target.SPOOL_ALL_ONE, 1, "1"),
            row("4", "thread_fanout", "clients_joined", "same, clients joined", "", Target.NONE, 0, ""),
            row("4", "thread_fanout", "clients_in_order", "same, clients with all events in order", "", Target.NONE, 0, ""),
            row("4", "thread_fanout", "p50_ms", "same, delivery latency p50 (send → receipt)", "ms", Target.NONE, 0, ""),
            row("4", "thread_fanout", "p99_ms", "same, delivery latency p99", "ms", Target.NONE, 0, ""),
            row("4", "thread_fanout", "max_ms", "same, delivery latency max", "ms", Target.NONE, 0, ""),
            row("4", "thread_fanout", "connect_s", "same, time to join all clients", "s", Target.NONE, 0, ""),
            row("4", "thread_fanout", "rss_joined_mib", "same, server RSS with all clients joined", "MiB", Target.NONE, 0,
                    ""),
            row("4", "thread_fanout", "rss_peak_mib", "same, server RSS peak", "MiB", Target.NONE, 0, ""),
            row("4", "run_fanout", "all_clients_all_events",
                    "run joiners (resumable run, Last-Event-ID -1): every client got every event (1 = yes)", "",
                    Target.SPOOL_ALL_ONE, 1, "1"),
            row("4", "run_fanout", "deliveries_per_s", "same, deliveries/s over all clients", "ev/s", Target.NONE, 0, ""),
            row("4", "run_fanout", "ms_create_to_last_delivery", "same, run created → last delivery (incl. pause)", "ms",
                    Target.NONE, 0, ""),
            row("4", "run_fanout", "rss_peak_mib", "same, server RSS peak", "MiB", Target.NONE, 0, ""),
            row("5", "memory", "idle_rss_mib", "idle RSS after start-up and one warm-up run", "MiB", Target.NONE, 0, ""),
            row("5", "memory", "kib_per_conn", "RSS growth per idle joined SSE connection", "KiB", Target.NONE, 0, ""),
            row("5", "memory", "rss_with_conns_mib", "RSS with the idle joined connections", "MiB", Target.NONE, 0, ""),
            row("5", "memory", "rss_after_close_mib", "RSS after closing them", "MiB", Target.NONE, 0, ""),
            row("6", "replay", "fill_s", "fill: one burst run of N events via runs/wait", "s", Target.NONE, 0, ""),
            row("6", "replay", "resume_ttfe_ms", "resume from the middle: time to first byte of first event", "ms",
                    Target.SPOOL_MAX, 10, "≤ 10 ms"),
            row("6", "replay", "resume_first_event_is_next", "resume starts right after the given id (1 = yes)", "",
                    Target.SPOOL_ALL_ONE, 1, "1"),
            row("6", "replay", "replay_events_per_s", "replay from the start, events/s to read all", "ev/s",
                    Target.SPOOL_MIN, 500_000, "≥ 500,000"),
            row("6", "replay", "replay_in_order", "replay complete and in order (1 = yes)", "", Target.SPOOL_ALL_ONE, 1, "1"),
            row("7", "startup", "ms_to_first_ok", "start-up: process spawn → first 200 /ok", "ms", Target.NONE, 0, ""));

    private static Row row(String num, String measure, String metric, String title, String unit, Target target,
                           double limit, String text) {
        return new Row(num, measure, metric, title, unit, target, limit, text);
    }

    /** measure → server → metric → values in rep order. */
    private final Map<String, Map<String, Map<String, List<String>>>> data = new LinkedHashMap<>();
    private final List<String> misses = new ArrayList<>();

    static void run(Args a) throws Exception {
        Report rep = new Report();
        for (String line : Files.readAllLines(Path.of(a.required("raw")), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length < 5) continue;
            rep.data.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).computeIfAbsent(f[1], k -> new LinkedHashMap<>())
                    .computeIfAbsent(f[3], k -> new ArrayList<>()).add(f[4]);
        }
        String md = rep.render();
        Files.writeString(Path.of(a.required("out")), md, StandardCharsets.UTF_8);
    }

    private List<Double> values(String measure, String server, String metric) {
        List<Double> out = new ArrayList<>();
        for (String s : data.getOrDefault(measure, Map.of()).getOrDefault(server, Map.of()).getOrDefault(metric, List.of())) {
            try {
                double d = Double.parseDouble(s);
                if (!Double.isNaN(d)) out.add(d);
            } catch (NumberFormatException e) {
                // a text note: not a figure
            }
        }
        return out;
    }

    private String param(String measure, String server, String metric) {
        List<Double> v = values(measure, server, metric);
        if (v.isEmpty()) return "–";
        double min = v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return min == max ? fmt(min) : fmt(min) + "–" + fmt(max);
    }

    static double median(List<Double> v) {
        if (v.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(v);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) return "–";
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e15) return String.format(Locale.ROOT, "%,d", (long) v);
        if (a >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
        if (a >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", v);
        if (a >= 1 || a == 0) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String all(List<Double> v) {
        if (v.isEmpty()) return "";
        StringBuilder b = new StringBuilder();
        for (double d : v) b.append(b.length() == 0 ? "" : ", ").append(fmt(d));
        return b.toString();
    }

    private String render() {
        StringBuilder b = new StringBuilder();
        b.append("| # | figure | unit | Spool (median) | peer (median) | Spool/peer | target | met? | every value: Spool; peer |\n");
        b.append("|---|---|---|---:|---:|---:|---|---|---|\n");
        for (Row row : ROWS) {
            if (row.measure().equals("raw_ceiling")) {
                List<Double> raw = values("raw_ceiling", "raw", row.metric());
                if (raw.isEmpty()) continue;
                b.append(String.format("| %s | %s | %s | %s | | | %s | | raw: %s |\n", row.num(), row.title(), row.unit(),
                        fmt(median(raw)), row.targetText(), all(raw)));
                appendRawFraction(b);
                continue;
            }
            List<Double> s = values(row.measure(), "spool", row.metric());
            List<Double> p = values(row.measure(), "peer", row.metric());
            if (s.isEmpty() && p.isEmpty()) continue;
            double ms = median(s);
            double mp = median(p);
            double ratio = s.isEmpty() || p.isEmpty() || mp == 0 ? Double.NaN : ms / mp;
            String met = met(row, s, ms, ratio, !p.isEmpty());
            b.append(String.format("| %s | %s | %s | %s | %s | %s | %s | %s | %s; %s |\n", row.num(), row.title(),
                    row.unit(), fmt(ms), fmt(mp), Double.isNaN(ratio) ? "–" : fmt(ratio), row.targetText(), met, all(s),
                    all(p)));
            if (row.measure().equals("burst_joined") && row.metric().equals("rss_peak_mib")) appendSlowReader(b);
        }
        b.append('\n');
        b.append(parameters());
        b.append('\n');
        if (misses.isEmpty()) {
            b.append("**Targets: every target that could be checked was met.**\n");
        } else {
            b.append("**Targets missed:**\n\n");
            for (String m : misses) b.append("- ").append(m).append('\n');
        }
        return b.toString();
    }

    private String met(Row row, List<Double> s, double ms, double ratio, boolean havePeer) {
        if (s.isEmpty()) return "–";
        boolean ok;
        switch (row.target()) {
            case NONE:
                return "";
            case RATIO_MAX:
            case RATIO_MIN:
                if (!havePeer || Double.isNaN(ratio)) return "n/a (no peer)";
                ok = row.target() == Target.RATIO_MAX ? ratio <= row.limit() : ratio >= row.limit();
                break;
            case SPOOL_MAX:
                ok = ms <= row.limit();
                break;
            case SPOOL_MIN:
                ok = ms >= row.limit();
                break;
            case SPOOL_ALL_ONE:
                ok = s.stream().allMatch(v -> v == 1.0);
                break;
            default:
                return "";
        }
        if (!ok) misses.add("#" + row.num() + " " + row.title() + ": Spool " + fmt(ms)
                + (Double.isNaN(ratio) ? "" : " (Spool/peer " + fmt(ratio) + ")") + ", target " + row.targetText());
        return ok ? "met" : "**MISSED**";
    }

    private void appendRawFraction(StringBuilder b) {
        List<Double> s = values("burst_joined", "spool", "events_per_s");
        List<Double> raw = values("raw_ceiling", "raw", "events_per_s");
        if (s.isEmpty() || raw.isEmpty()) return;
        double frac = median(s) / median(raw);
        boolean ok = frac >= 0.5;
        if (!ok) misses.add("#2 Spool joined reader " + fmt(100 * frac) + " % of the raw ceiling, target ≥ 50 %");
        b.append(String.format("| 2 | Spool joined reader as a fraction of the raw ceiling | %% | %s | | | ≥ 50 %% | %s | |\n",
                fmt(100 * frac), ok ? "met" : "**MISSED**"));
    }

    private void appendSlowReader(StringBuilder b) {
        List<Double> with = values("burst_joined_slow", "spool", "events_per_s");
        List<Double> without = values("burst_joined", "spool", "events_per_s");
        if (with.isEmpty() || without.isEmpty()) return;
        double change = 100 * (median(with) - median(without)) / median(without);
        boolean ok = Math.abs(change) <= 10;
        if (!ok) misses.add("#8 a slow reader changed the joined reader's rate by " + fmt(change) + " %, target ≤ 10 %");
        b.append(String.format("| 8 | same with a slow reader (10 ev/s) joined too, events/s | ev/s | %s | | | | | %s; |\n",
                fmt(median(with)), all(with)));
        b.append(String.format("| 8 | change caused by the slow reader | %% | %s | | | ≤ 10 %% | %s | |\n", fmt(change),
                ok ? "met" : "**MISSED**"));
        String[][] more = {
                {"rss_peak_mib", "with the slow reader: server RSS peak during the run", "MiB"},
                {"rss_2s_later_mib", "with the slow reader: RSS 2 s after the run, slow reader still joined", "MiB"},
                {"slow_reader_events", "events the slow reader had read by then", ""},
                {"slow_reader_in_order", "slow reader's events in order (1 = yes)", ""}};
        for (String[] m : more) {
            List<Double> v = values("burst_joined_slow", "spool", m[0]);
            if (v.isEmpty()) continue;
            b.append(String.format("| 8 | %s | %s | %s | | | | | %s; |\n", m[1], m[2], fmt(median(v)), all(v)));
        }
    }

    private String parameters() {
        StringBuilder b = new StringBuilder("Parameters of this run (Spool / peer):\n\n");
        b.append("- #1: N = ").append(param("burst_direct", "spool", "param_count")).append(" / ")
                .append(param("burst_direct", "peer", "param_count")).append(" events\n");
        b.append("- #2: N = ").append(param("burst_joined", "spool", "param_count")).append(" / ")
                .append(param("burst_joined", "peer", "param_count")).append(" events; raw ceiling ")
                .append(param("raw_ceiling", "raw", "param_count")).append(" events\n");
        b.append("- #3: ").append(param("wait", "spool", "param_runs")).append(" / ")
                .append(param("wait", "peer", "param_runs")).append(" runs\n");
        b.append("- #4: thread stream ").append(param("thread_fanout", "spool", "param_clients")).append(" clients × ")
                .append(param("thread_fanout", "spool", "param_events")).append(" events at ")
                .append(param("thread_fanout", "spool", "param_rate")).append("/s; run joiners ")
                .append(param("run_fanout", "spool", "param_clients")).append(" / ")
                .append(param("run_fanout", "peer", "param_clients")).append(" clients × ")
                .append(param("run_fanout", "spool", "param_count")).append(" events\n");
        b.append("- #5: ").append(param("memory", "spool", "param_conns")).append(" / ")
                .append(param("memory", "peer", "param_conns")).append(" idle joined connections\n");
        b.append("- #6: ").append(param("replay", "spool", "param_events")).append(" / ")
                .append(param("replay", "peer", "param_events")).append(" stored events\n");
        return b.toString();
    }
}
