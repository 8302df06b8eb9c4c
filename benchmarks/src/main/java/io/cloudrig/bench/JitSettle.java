package io.cloudrig.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Steady state before a throughput is measured. On 2 cores HotSpot's compilers need a minute or more to compile the
 * hot code of the broker, DynamoDB Local, the AWS SDK and cloudrig, all in this JVM; a window measured meanwhile gives
 * a third of the CPU to the compiler threads (measured per thread in {@code /proc} on the issue 18 runs) and reports
 * the JIT, not the code. So the store and pipeline sections warm up in rounds until a round leaves the compiler
 * nearly idle, and print the compiler's share of every measured window next to its figure.
 */
final class JitSettle {
    /** A round is quiet when the compiler was busy at most this share of one core during it. */
    static final double QUIET = 0.05;

    private static final CompilationMXBean COMPILER = ManagementFactory.getCompilationMXBean();

    private JitSettle() {
    }

    /** One warm-up round: some seconds of the work about to be measured. */
    @FunctionalInterface
    interface Round {
        void run() throws InterruptedException;
    }

    /** How the warm-up went: rounds run, their time, and the compiler's share of one core in the last round. */
    record Outcome(int rounds, long nanos, double lastShare, boolean settled) {
        String describe() {
            return rounds + " warm-up round(s) in " + Stats.ms(nanos) + " ms; compiler busy "
                    + percent(lastShare) + " of one core in the last" + (settled ? "" : " (cap reached, not settled)");
        }
    }

    /** A measured window's compiler time: {@link #share()} when it ends. */
    record Window(long startCompileMillis, long startNanos) {
        /** The compiler's busy time since the window started, as a share of one core. */
        double share() {
            long wallMillis = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000);
            return (double) (compilerMillis() - startCompileMillis) / wallMillis;
        }

        private static long compilerMillis() {
            return COMPILER.isCompilationTimeMonitoringSupported() ? COMPILER.getTotalCompilationTime() : 0;
        }
    }

    static Window window() {
        return new Window(Window.compilerMillis(), System.nanoTime());
    }

    /** Runs {@code round} until one leaves the compiler {@link #QUIET} (at least two rounds), or until {@code cap}. */
    static Outcome warmUp(Round round, Duration cap) throws InterruptedException {
        long t0 = System.nanoTime();
        int rounds = 0;
        double share;
        boolean settled;
        do {
            Window w = window();
            round.run();
            share = w.share();
            rounds++;
            settled = rounds >= 2 && share <= QUIET;
        } while (!settled && System.nanoTime() - t0 < cap.toNanos());
        return new Outcome(rounds, System.nanoTime() - t0, share, settled);
    }

    /**
     * Waits, in half-second steps, until one leaves the compiler {@link #QUIET} or {@code cap} passed: for compilations
     * that untimed preparation (storing the deployments of a run) queued, which would otherwise spill into the window.
     */
    static void awaitQuiet(Duration cap) throws InterruptedException {
        long end = System.nanoTime() + cap.toNanos();
        Window w;
        do {
            w = window();
            Thread.sleep(500);
        } while (w.share() > QUIET && System.nanoTime() < end);
    }

    static String percent(double share) {
        return String.format("%.0f %%", 100 * share);
    }
}
