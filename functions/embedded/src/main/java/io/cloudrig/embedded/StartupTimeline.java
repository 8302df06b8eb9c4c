package io.cloudrig.embedded;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * When each part of the runtime's start finished, in milliseconds since this JVM started (its uptime), and on which
 * thread: logged as one line once the runtime is up, so that {@code runtime.log} says where a slow start went.
 */
final class StartupTimeline {
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

    static long uptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }
}
