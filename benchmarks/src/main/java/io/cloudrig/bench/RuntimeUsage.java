package io.cloudrig.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a long-lived process (the local runtime) has used, from {@code /proc}: its peak resident set and its CPU time.
 * The rally section prints them beside the CLI processes' figures, since the runtime does part of the work a verb
 * needs (all of it when the verb is served by the runtime).
 */
final class RuntimeUsage {
    private RuntimeUsage() {
    }

    /** User + system CPU of {@code pid} in USER_HZ ticks (100 per second), or -1 when it cannot be read. */
    static long cpuTicks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name (which may hold spaces) start after the last ')': state is field 3
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime (14), stime (15)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** VmHWM of {@code pid} in MiB, or "?" when it cannot be read. */
    static String peakRssMib(long pid) {
        if (pid <= 0) {
            return "?";
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Long.toString(kib / 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "?";
        }
        return "?";
    }
}
