package io.spool.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a process, from {@code /proc/PID/status} (Linux). */
final class Proc {

    private Proc() {
    }

    /** VmRSS in KiB, or -1 when unknown (no pid, process gone). */
    static long rssKiB(long pid) {
        if (pid <= 0) return -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static double rssMiB(long pid) {
        long k = rssKiB(pid);
        return k < 0 ? Double.NaN : k / 1024.0;
    }

    /** The median of {@code samples} RSS readings spread over {@code windowMs} (GC makes a single reading noisy). */
    static double medianRssMiB(long pid, long windowMs, int samples) throws InterruptedException {
        java.util.List<Double> v = new java.util.ArrayList<>();
        for (int i = 0; i < samples; i++) {
            Thread.sleep(Math.max(1, windowMs / samples));
            double r = rssMiB(pid);
            if (!Double.isNaN(r)) v.add(r);
        }
        return Report.median(v);
    }

    /** Samples RSS every {@code periodMs} on a daemon thread, keeping the peak, until closed. */
    static final class PeakSampler implements AutoCloseable {
        private final long pid;
        private volatile boolean running = true;
        private volatile long peakKiB;
        private final Thread thread;

        PeakSampler(long pid, long periodMs) {
            this.pid = pid;
            this.peakKiB = rssKiB(pid);
            this.thread = Thread.ofPlatform().daemon().name("rss-sampler").start(() -> {
                while (running) {
                    long r = rssKiB(pid);
                    if (r > peakKiB) peakKiB = r;
                    try {
                        Thread.sleep(periodMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        double peakMiB() {
            long r = rssKiB(pid);
            if (r > peakKiB) peakKiB = r;
            return peakKiB < 0 ? Double.NaN : peakKiB / 1024.0;
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
