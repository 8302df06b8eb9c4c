package io.cloudrig.embedded;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * When each part of the runtime's start finished, in milliseconds since this process started, and on which thread:
 * logged as one line once the runtime is up, so that {@code runtime.log} says where a slow start went.
 */
final class StartupTimeline {
    /** Clock ticks per second in {@code /proc}'s figures (the kernel's USER_HZ, 100 on Linux's architectures). */
    static final long TICKS_PER_SECOND = 100;
    /**
     * When this process started, in epoch milliseconds ({@link #startOf}, 10 ms resolution); the JVM's own start time
     * ({@code RuntimeMXBean.getStartTime}) when the system does not say. The JVM records its start time once much of its
     * creation is done (0.2-0.25 s after the process started, with the runtime's AOT cache), so figures counted from it
     * leave that part out.
     */
    static final long PROCESS_START = startOf(ProcessHandle.current().pid())
            .orElseGet(() -> ManagementFactory.getRuntimeMXBean().getStartTime());
    /** The start tick's field number in {@code /proc/<pid>/stat} (proc(5): starttime). */
    private static final int STARTTIME_FIELD = 22;
    private final List<String> marks = new ArrayList<>();

    /** Records that {@code phase} finished now. */
    synchronized void mark(String phase) {
        marks.add(phase + " " + uptimeMillis() + (Thread.currentThread().getName().equals("main") ? ""
                : " (" + Thread.currentThread().getName() + ")"));
    }

    /** "phase ms, phase ms (thread), ..." in the order they finished. */
    synchronized String describe() {
        StringJoiner j = new StringJoiner(", ");
        marks.forEach(j::add);
        return j.toString();
    }

    /**
     * When process {@code pid} started, in epoch milliseconds: its age on the kernel's boot-time clock (the uptime in
     * {@code /proc/uptime} less the start tick in {@code /proc/<pid>/stat}) taken from the time now. Empty where there
     * is no {@code /proc}. Not {@code ProcessHandle.Info.startInstant()}: it adds the start tick to the boot time in
     * {@code /proc/stat}, which is in whole seconds, so its instant is early by the boot's fraction of a second (0 to 1
     * s, the same for every process until the machine restarts).
     */
    static Optional<Long> startOf(long pid) {
        try {
            String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
            String uptime = Files.readString(Paths.get("/proc/uptime"));
            return Optional.of(startFrom(stat, uptime, System.currentTimeMillis()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The start in epoch milliseconds of the process whose {@code /proc/<pid>/stat} line is {@code stat}, when
     * {@code /proc/uptime} read {@code uptime} at {@code nowMillis}.
     */
    static long startFrom(String stat, String uptime, long nowMillis) {
        // the command name (field 2) is in parentheses and may hold spaces and parentheses: fields count from the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 1).trim().split(" ");
        long startTicks = Long.parseLong(fields[STARTTIME_FIELD - 3]);
        String up = uptime.trim().split("\\s+")[0];
        int dot = up.indexOf('.');
        long upMillis = dot < 0 ? Long.parseLong(up) * 1000
                : Long.parseLong(up.substring(0, dot)) * 1000 + fraction(up.substring(dot + 1));
        return nowMillis - (upMillis - startTicks * 1000 / TICKS_PER_SECOND);
    }

    /** Milliseconds of a decimal fraction of a second ("52" is 520). */
    private static long fraction(String digits) {
        String ms = (digits + "000").substring(0, 3);
        return Long.parseLong(ms);
    }

    /** Milliseconds since this process started ({@link #PROCESS_START}). */
    static long uptimeMillis() {
        return System.currentTimeMillis() - PROCESS_START;
    }
}
