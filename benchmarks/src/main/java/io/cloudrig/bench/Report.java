package io.cloudrig.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

/** Where the figures go: one section per benchmark, one aligned line per figure with its unit and sample. */
final class Report {
    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    /** A section title and the machine's load right now (other work on the same cores makes the figures noisy). */
    void section(String title) {
        out.println();
        out.println("== " + title + " ==");
        out.printf("   load average %.2f on %d cores at start%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
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
