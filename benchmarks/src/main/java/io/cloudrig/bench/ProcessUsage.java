package io.cloudrig.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a process has used, from {@code /proc}: its CPU time and peak resident set. The rally section prints the local
 * runtime's beside the CLI processes' figures (the runtime does part of the work a verb needs, all of it when it serves
 * the verb); {@link Report} reads this JVM's own CPU time with it.
 */
final class ProcessUsage {
    private ProcessUsage() {
    }

    /**
     * The fields of {@code /proc/<pid>/stat} after the command name (which may hold spaces): element 0 is field 3
     * (state), so utime (field 14) is element 11. {@code pid} may be {@code self}.
     */
    static String[] statFields(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** User + system CPU of {@code pid} in USER_HZ ticks (100 per second), or -1 when it cannot be read. */
    static long cpuTicks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String[] f = statFields(Long.toString(pid));
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
