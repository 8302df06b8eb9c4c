package io.cloudrig.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the figures go: one section per benchmark, one aligned line per figure with its unit and sample. Each section
 * ends with where the machine's CPU went meanwhile (Linux {@code /proc}): to this benchmark, or to other processes,
 * whose share is the noise in the figures above it.
 */
final class Report {
    /** {@code /proc} counts CPU time in USER_HZ ticks, 100 per second on Linux. */
    private static final double TICKS_PER_SECOND = 100;
    private final PrintStream out;
    private long sectionStart;
    private long[] cpuAtStart;

    Report(PrintStream out) {
        this.out = out;
    }

    /** Ends the previous section and starts one: its title and the load average right now. */
    void section(String title) {
        endSection();
        out.println();
        out.println("== " + title + " ==");
        out.printf("   load average %.2f on %d cores at start%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        sectionStart = System.nanoTime();
        cpuAtStart = cpuTicks();
    }

    /**
     * The CPU used since the section started, in % of all cores: by this JVM and the child processes it waited for,
     * and by everything else (other builds, and for the cli section the background runtime, which is not our child).
     */
    void endSection() {
        long[] now = cpuTicks();
        if (cpuAtStart == null || now == null) {
            return;
        }
        double seconds = (System.nanoTime() - sectionStart) / 1e9;
        double capacity = seconds * TICKS_PER_SECOND * Runtime.getRuntime().availableProcessors();
        long busy = now[0] - cpuAtStart[0];
        long own = now[1] - cpuAtStart[1];
        out.printf("   cpu during this section: %.0f%% of the cores busy, %.0f%% by this benchmark, %.0f%% by other processes%n",
                100 * busy / capacity, 100 * own / capacity, 100 * Math.max(0, busy - own) / capacity);
        cpuAtStart = null;
    }

    /** {busy ticks of the whole machine, ticks of this process and its waited-for children}, or null off Linux. */
    private static long[] cpuTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length; i++) {
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]); // idle + iowait
            String[] f = ProcessUsage.statFields("self");
            // utime, stime, cutime, cstime (fields 14-17)
            long own = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return new long[] {total - idle, own};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code label  value unit  (sample)}. */
    void figure(String label, String value, String unit, String sample) {
        out.printf("   %-68s %10s %-14s (%s)%n", label, value, unit, sample);
    }

    void line(String text) {
        out.println("   " + text);
    }

    void flush() {
        out.flush();
    }
}
