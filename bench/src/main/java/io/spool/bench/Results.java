package io.spool.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Where a measurement's figures go: printed, and appended to the raw file ({@code --out}) as
 * {@code measure \t server \t rep \t metric \t value} lines, which {@code report} turns into the results table.
 */
final class Results {

    private final String measure;
    private final String label;
    private final String rep;
    private final Path out;

    Results(String measure, Args a) {
        this.measure = a.str("measure", measure);
        this.label = a.str("label", "server");
        this.rep = a.str("rep", "1");
        String o = a.str("out", null);
        this.out = o == null ? null : Path.of(o);
    }

    void put(String metric, double value) {
        record(metric, Double.isNaN(value) ? "NaN" : String.format(Locale.ROOT, "%.6g", value));
    }

    void note(String metric, String text) {
        record(metric, text.replace('\t', ' ').replace('\n', ' '));
    }

    private synchronized void record(String metric, String value) {
        String line = measure + "\t" + label + "\t" + rep + "\t" + metric + "\t" + value;
        System.out.println("  " + label + " " + measure + " #" + rep + "  " + metric + " = " + value);
        if (out == null) return;
        try {
            Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Events per second over a span of nanoseconds; NaN when the span is empty (everything came in one read). */
    static double rate(long events, long nanos) {
        return nanos <= 0 ? Double.NaN : events / (nanos / 1e9);
    }

    static void log(String fmt, Object... args) {
        System.err.println(String.format(Locale.ROOT, fmt, args));
    }
}
