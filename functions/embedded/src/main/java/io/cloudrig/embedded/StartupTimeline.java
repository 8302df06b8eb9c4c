package io.cloudrig.embedded;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * When each part of the runtime's start finished, in milliseconds since this process started, and on which thread:
 * logged as one line once the runtime is up, so that {@code runtime.log} says where a slow start went.
 */
final class StartupTimeline {
    /**
     * When this process started (the kernel's record, 10 ms resolution), in epoch milliseconds; the JVM's own start time
     * ({@code RuntimeMXBean.getStartTime}) when the system does not say. The JVM records its start time once much of its
     * creation is done (0.2-0.25 s after the process started, with the runtime's AOT cache), so figures counted from it
     * leave that part out.
     */
    static final long PROCESS_START = ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli)
            .orElseGet(() -> ManagementFactory.getRuntimeMXBean().getStartTime());
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

    /** Milliseconds since this process started ({@link #PROCESS_START}). */
    static long uptimeMillis() {
        return System.currentTimeMillis() - PROCESS_START;
    }
}
